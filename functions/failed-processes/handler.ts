// Placeholder entry; the real handler is being written in shared/ + here.
export const handler = async (): Promise<{ check: string }> => ({ check: 'placeholder' });
