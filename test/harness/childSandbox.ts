/**
 * A sandbox in a process of its own (its command line), for measurements of the side that lists: an in-process
 * sandbox's own JSON.stringify of 36 MB would count as the client's block. Loopback only; `close()` ends the child
 * (by its pid) and waits for it.
 */
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';

export interface ChildSandbox {
  baseUrl: string;
  clientId: string;
  secrets: Partial<Record<string, string>>;
  close(): Promise<void>;
}

/** `command`: how to run the sandbox's command line (`node dist/sandbox.js`, or tsx on the source); `args`: its flags. */
export async function startChildSandbox(command: readonly string[], args: readonly string[]): Promise<ChildSandbox> {
  const [exe, ...pre] = command;
  if (!exe) throw new Error('no command');
  const child = spawn(exe, [...pre, ...args, '--host', '127.0.0.1', '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${stderr}`)));
  });
  const info = JSON.parse(line) as { baseUrl: string; clientId: string; secrets: Partial<Record<string, string>> };
  return {
    ...info,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
