/**
 * A default provider account of the in-process target: which simulator upstream it points at and the
 * gateway config row for it (credentials the simulators accept — test values, not secrets).
 */
import type { AccountConfig } from '../../gateway/config.ts';
export interface DefaultAccount {
  /** The simulator upstream name (GET / of the mock server), e.g. "anthropic". */
  upstream: string;
  /** The gateway account row, minus base_url (filled with the upstream's loopback URL). */
  account: Omit<AccountConfig, 'base_url'>;
  /** The model id the suites use for chat on this account (`account/model`). */
  chatModel: string;
  /**
   * A reasoning model of this account (`account/model`) for the capability suite's reasoning column,
   * when `chatModel` does not reason. The account must enable it (listed in `account.models`).
   */
  reasoningModel?: string;
  /**
   * A model of this account that caches prompts, for the prompt_caching column, when `chatModel` does
   * not (e.g. Groq caches only some models). The account must enable it.
   */
  cachingModel?: string;
}
