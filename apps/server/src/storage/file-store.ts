import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where uploaded documents live. The folder store can be swapped for an object store. */
export interface FileStore {
  put(data: Buffer, ext: string): Promise<string>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}\.[a-z0-9]{1,8}$/;

export function folderFileStore(root: string): FileStore {
  const file = (key: string) => {
    if (!KEY.test(key)) throw new Error(`bad file key ${key}`);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async put(data, ext) {
      const key = `${randomUUID()}.${ext}`;
      await fs.mkdir(path.dirname(file(key)), { recursive: true });
      await fs.writeFile(file(key), data, { flag: 'wx' });
      return key;
    },
    get: (key) => fs.readFile(file(key)),
    async remove(key) {
      await fs.rm(file(key), { force: true });
    },
  };
}
