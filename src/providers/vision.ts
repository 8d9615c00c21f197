// Which models accept images. Known text-only families are refused with a clear message; other
// names (new models, local servers) are allowed and the server has the last word.
const TEXT_ONLY = [
  /^gpt-3\.5/,
  /^gpt-4(-\d{4})?$/, // the original gpt-4 (gpt-4-turbo and gpt-4o see images)
  /^gpt-4-32k/,
  /^o1-mini/,
  /^o1-preview/,
  /^o3-mini/,
  /^claude-(instant|2)/,
  /^text-/,
  /^davinci|^babbage/,
];

export function modelAcceptsImages(model: string): boolean {
  const id = model.toLowerCase();
  return !TEXT_ONLY.some((re) => re.test(id));
}

/** Anthropic's per-image limit (OpenAI allows more): larger images are refused before sending. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
