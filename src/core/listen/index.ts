/** Listen: forward new deliveries of an environment's request history to a local receiver (engine.ts). */
export { Listener, FORWARDED_HEADER } from './engine';
export type { ListenOptions, ListenEvents, ListenState, ListenStats, ForwardedEvent, PollEvent, PollErrorEvent, StateEvent } from './engine';
export type { Disposable, Handler } from './emitter';
export { isListenPosition, MAX_POSITION_IDS, type ListenPosition } from './position';
export { deliveryKey, selectNew, type NewDelivery, type RowFilter } from './select';
export { countSince, type CountOptions } from './source';
export { forwardTargetProblem } from './target';
export { clock, deliveryIdOfLine, forwardLine, HEADER_BEGINS, HEADER_ENDS, pollErrorLine, printable } from './format';
