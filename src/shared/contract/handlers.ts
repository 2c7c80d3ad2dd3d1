import type { EntryName, OutputOf, ParsedInputOf, Staff } from './index';

/** Who is calling: resolved by the host from the session token before the handler runs. */
export interface CallContext {
  staff: Staff | null;
  session_token: string | null;
}

/** The booth core implements one handler per contract entry (src/main/booth/handlers.ts). */
export type Handlers = {
  [N in EntryName]: (input: ParsedInputOf<N>, ctx: CallContext) => OutputOf<N> | Promise<OutputOf<N>>;
};
