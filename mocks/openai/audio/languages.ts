/**
 * The languages OpenAI documents for its speech-to-text API (the 57 Whisper reaches a word error rate
 * below 50% on), by ISO-639-1 code, with the lower-case English name verbose_json reports in `language`.
 */
export const LANGUAGES: Readonly<Record<string, string>> = {
  af: 'afrikaans', ar: 'arabic', hy: 'armenian', az: 'azerbaijani', be: 'belarusian', bs: 'bosnian', bg: 'bulgarian',
  ca: 'catalan', zh: 'chinese', hr: 'croatian', cs: 'czech', da: 'danish', nl: 'dutch', en: 'english', et: 'estonian',
  fi: 'finnish', fr: 'french', gl: 'galician', de: 'german', el: 'greek', he: 'hebrew', hi: 'hindi', hu: 'hungarian',
  is: 'icelandic', id: 'indonesian', it: 'italian', ja: 'japanese', kn: 'kannada', kk: 'kazakh', ko: 'korean',
  lv: 'latvian', lt: 'lithuanian', mk: 'macedonian', ms: 'malay', mr: 'marathi', mi: 'maori', ne: 'nepali',
  no: 'norwegian', fa: 'persian', pl: 'polish', pt: 'portuguese', ro: 'romanian', ru: 'russian', sr: 'serbian',
  sk: 'slovak', sl: 'slovenian', es: 'spanish', sw: 'swahili', sv: 'swedish', tl: 'tagalog', ta: 'tamil', th: 'thai',
  tr: 'turkish', uk: 'ukrainian', ur: 'urdu', vi: 'vietnamese', cy: 'welsh',
};
