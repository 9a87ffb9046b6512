declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** Milliseconds a table takes to become ACTIVE (0: at once). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    /** Folder for LevelDB files; in memory when absent. */
    path?: string;
  }
  export default function dynalite(options?: DynaliteOptions): Server;
}
