/**
 * The delivery actions, one table for the history panel's buttons and the palette's commands. Each takes the
 * loaded rows and the keys it acts on, and returns what happened: the sentence to show and, for a replay, each
 * delivery's answer. Neither knows the webview: only the panel maps results to its messages, and the palette
 * words a replay's answer as a notification.
 */
import vscode = require('vscode');
import type { ActionRequest, Row } from '../../shared/protocol';
import { compare } from './compare';
import { save } from './fixtures';
import { payloadName } from './payloadDocuments';
import { copyCurl, replay } from './replay';
import type { ActionResult, ReplayAnswer, Session } from './session';


export interface ActionOptions {
  /** Save as Fixture: ask for the format (JSON or TypeScript). */
  askFormat?: boolean;
  /** Each replay answer as it arrives (a selection replays one delivery at a time). */
  onAnswer?: (a: ReplayAnswer) => void;
}

/** The panel's delivery actions, as its protocol names them. */
export type ActionName = ActionRequest['type'];
type DeliveryAction = (s: Session, keys: readonly number[], o: ActionOptions) => Promise<ActionResult>;

const one = (s: Session, keys: readonly number[]): Row | undefined => (keys[0] === undefined ? undefined : s.rows.get(keys[0]));

export const DELIVERY_ACTIONS: Record<ActionName, DeliveryAction> = {
  copyPayload: async (s, keys) => {
    const row = one(s, keys);
    if (row) {
      await vscode.env.clipboard.writeText(JSON.stringify(row.payload, null, 2));
      void vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied the payload'), 3000);
    }
    return {};
  },
  openPayload: async (s, keys) => {
    const row = one(s, keys);
    if (row) await s.deps.payloads.open(payloadName(row), row.payload);
    return {};
  },
  saveFixtures: async (s, keys, o) => ({ message: await save(s, keys, o.askFormat === true) }),
  replay: (s, keys, o) => replay(s, keys, o.onAnswer),
  copyCurl: async (s, keys) => ({ message: keys[0] === undefined ? undefined : await copyCurl(s, keys[0]) }),
  compare: async (s, keys) => {
    if (keys[0] !== undefined) await compare(s, keys[0]);
    return {};
  },
};
