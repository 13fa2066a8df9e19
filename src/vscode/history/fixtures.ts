/** Save deliveries as fixture files in the workspace: never outside the chosen folder, never overwriting silently. */
import * as vscode from 'vscode';
import { DEFAULT_FOLDER, DEFAULT_PATTERN, fixtureContent, fixtureRelativePath, isInside, patternProblem, sanitizeSegment, withSuffix } from '../../core/fixtures/naming';
import { DEFAULT_REDACT_KEYS, redact } from '../../core/fixtures/redact';
import type { Row } from '../../shared/protocol';
import type { Log } from '../log';

export interface SaveSummary {
  written: vscode.Uri[];
  unchanged: number;
  renamed: number;
  skipped: number;
  /** Values replaced by redaction, over all files. */
  redacted: number;
}

function settings(): { folder: string; pattern: string; redact: boolean; rules: string[] } {
  const c = vscode.workspace.getConfiguration('transcrypts.fixtures');
  return {
    folder: c.get<string>('folder', DEFAULT_FOLDER),
    pattern: c.get<string>('fileName', DEFAULT_PATTERN),
    redact: c.get<boolean>('redact', true),
    rules: c.get<string[]>('redactRules', DEFAULT_REDACT_KEYS),
  };
}

async function exists(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

async function chooseFolder(): Promise<vscode.WorkspaceFolder | undefined | 'none'> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return 'none';
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Save the fixtures in which workspace folder?' });
}

export async function saveFixtures(rows: Row[], env: string, log: Log): Promise<SaveSummary | undefined> {
  const summary: SaveSummary = { written: [], unchanged: 0, renamed: 0, skipped: 0, redacted: 0 };
  if (rows.length === 0) return summary;
  const { folder, pattern, redact: redactOn, rules } = settings();
  /** Personal data is replaced before anything is written (unless the user said no in the settings). */
  const contentOf = (row: Row): Uint8Array => {
    if (!redactOn) return new TextEncoder().encode(fixtureContent(row.payload));
    const r = redact(row.payload, rules);
    summary.redacted += r.count;
    return new TextEncoder().encode(fixtureContent(r.value));
  };
  const problem = patternProblem(folder, 'folder') ?? patternProblem(pattern, 'fileName');
  if (problem) {
    const c = await vscode.window.showErrorMessage(`Cannot save fixtures: ${problem}`, 'Open Settings');
    if (c) await vscode.commands.executeCommand('workbench.action.openSettings', 'transcrypts.fixtures');
    return undefined;
  }
  const target = await chooseFolder();
  if (!target) return undefined;
  if (target === 'none') return saveWithoutWorkspace(rows, env, summary, contentOf);

  const single = rows.length === 1;
  const work = async (progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken) => {
    for (const [i, row] of rows.entries()) {
      if (token?.isCancellationRequested) {
        summary.skipped += rows.length - i;
        break;
      }
      const rel = fixtureRelativePath({ ...row, env }, folder, pattern);
      const content = contentOf(row);
      let uri = vscode.Uri.joinPath(target.uri, rel);
      if (!isInside(target.uri.fsPath, uri.fsPath)) throw new Error(`Refused to write outside ${target.name}: ${rel}`);
      const old = await exists(uri);
      if (old && Buffer.from(old).equals(Buffer.from(content))) {
        summary.unchanged++;
        if (single) summary.written.push(uri);
        continue;
      }
      if (old) {
        let n = 2;
        while (await exists(vscode.Uri.joinPath(target.uri, withSuffix(rel, n)))) n++;
        const renamed = vscode.Uri.joinPath(target.uri, withSuffix(rel, n));
        if (single) {
          const choice = await vscode.window.showWarningMessage(
            `${rel} already exists with other content.`,
            { modal: true },
            `Save as ${withSuffix(rel, n).split('/').pop() ?? ''}`,
            'Overwrite',
          );
          if (!choice) {
            summary.skipped++;
            return;
          }
          if (choice.startsWith('Save as')) {
            uri = renamed;
            summary.renamed++;
          }
        } else {
          uri = renamed;
          summary.renamed++;
        }
      }
      await vscode.workspace.fs.writeFile(uri, content);
      summary.written.push(uri);
      progress?.report({ increment: 100 / rows.length, message: `${i + 1} of ${rows.length}` });
    }
  };
  if (single) await work();
  else
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Saving ${rows.length} fixtures`, cancellable: true },
      (p, t) => work(p, t),
    );
  log.info(`Fixtures: ${summary.redacted} values redacted; ${summary.written.length} written (${summary.renamed} with a suffix), ${summary.unchanged} unchanged, ${summary.skipped} skipped, in ${target.name}/${folder}.`);
  return summary;
}

async function saveWithoutWorkspace(rows: Row[], env: string, summary: SaveSummary, contentOf: (row: Row) => Uint8Array): Promise<SaveSummary | undefined> {
  if (rows.length === 1) {
    const row = rows[0] as Row;
    const name = fixtureRelativePath({ ...row, env }, '.', '{event_type}-{webhook_id}.json');
    const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(name), filters: { JSON: ['json'] }, title: 'Save the payload as a fixture' });
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, contentOf(row));
    summary.written.push(uri);
    return summary;
  }
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Save fixtures here' });
  const dir = picked?.[0];
  if (!dir) return undefined;
  for (const row of rows) {
    const uri = vscode.Uri.joinPath(dir, `${sanitizeSegment(row.event_type)}-${sanitizeSegment(row.webhook_id)}-${row.key}.json`);
    await vscode.workspace.fs.writeFile(uri, contentOf(row));
    summary.written.push(uri);
  }
  return summary;
}
