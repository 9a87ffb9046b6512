import type { AddressInfo } from 'node:net';
import * as sesLocalModule from 'aws-ses-v2-local';
import { clearStore, type Email, getStoreReadonly } from 'aws-ses-v2-local/dist/store.js';

/** A local SES endpoint (npm `aws-ses-v2-local`) and the mails it received. */
export interface LocalSes {
  /** Endpoint for `AWS_ENDPOINT_URL_SES`. */
  readonly url: string;
  /** Mails received so far, oldest first. */
  emails(): readonly Email[];
  clear(): void;
  close(): Promise<void>;
}

type StartServer = (typeof sesLocalModule)['default'];

/** The package is CommonJS: its default export sits one level deeper under Node's ESM loader. */
const startSesServer: StartServer = (sesLocalModule.default as unknown as { default?: StartServer }).default ?? sesLocalModule.default;

/** Starts `aws-ses-v2-local` in this process on a free loopback port. */
export async function startLocalSes(): Promise<LocalSes> {
  const server = await startSesServer({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  clearStore();
  return {
    url: `http://127.0.0.1:${port}`,
    emails: () => [...getStoreReadonly().emails],
    clear: clearStore,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export type { Email };
