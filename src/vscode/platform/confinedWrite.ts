/**
 * Writes into the workspace, confined to a folder on its real path: a symbolic link inside the folder that points
 * outside it is refused, checked before anything is written and again just before the rename.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import vscode = require('vscode');
import { checkConfined } from '../../core/fixtures/confine';

/**
 * A file of the `file` scheme is written with Node's fs: the extension host runs where those files are, and
 * VS Code's file API costs several times more per file (4.1 s against 0.5-0.7 s to write 1,100 fixtures in
 * code-server). Other schemes (virtual workspaces) go through VS Code's file API. The content goes to a
 * temporary file renamed into place, so a test runner or watcher never reads a half-written fixture.
 */
let temporaries = 0;
/** A workspace folder writes are confined to, with its real path resolved once per save. */
export interface Root {
  uri: vscode.Uri;
  real: string;
  /** What the user can do when a write is refused (default: about the fixtures folder). */
  remedy?: string;
}

export async function writeConfined(uri: vscode.Uri, content: Uint8Array, root?: Root): Promise<void> {
  if (uri.scheme !== 'file') return vscode.workspace.fs.writeFile(uri, content);
  // Confined on the real path: before anything is written, and again just before the rename.
  if (root) await checkConfined(root.uri.fsPath, uri.fsPath, root.real, root.remedy);
  const tmp = `${uri.fsPath}.${process.pid}-${++temporaries}.tmp`;
  try {
    try {
      await fs.writeFile(tmp, content);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await fs.mkdir(path.dirname(uri.fsPath), { recursive: true });
      await fs.writeFile(tmp, content);
    }
    if (root) await checkConfined(root.uri.fsPath, uri.fsPath, root.real, root.remedy);
    await fs.rename(tmp, uri.fsPath);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}


/** The folder a write is confined to, with its real path; undefined for a virtual workspace (VS Code's file API). */
export async function confinedRoot(folder: vscode.Uri, remedy?: string): Promise<Root | undefined> {
  return folder.scheme === 'file' ? { uri: folder, real: await fs.realpath(folder.fsPath), remedy } : undefined;
}

/**
 * Refuses (OutsideWorkspaceError) a file of the workspace whose real path is outside its folder — a symbolic link
 * on the way — before a write that goes through VS Code's editor (which follows links). Files outside every
 * workspace folder, and virtual workspaces, are the caller's to judge.
 */
export async function assertConfined(uri: vscode.Uri, remedy: string): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file' || folder.uri.scheme !== 'file') return;
  await checkConfined(folder.uri.fsPath, uri.fsPath, undefined, remedy);
}
