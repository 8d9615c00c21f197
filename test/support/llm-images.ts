// Image content as the real APIs check it: OpenAI `image_url` parts (a data URL with a supported
// image type, or http(s)) only in user messages; Anthropic `image` blocks with a base64 source whose
// media type is supported and matches the bytes. Messages are the APIs' own wording where known.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];

/** The media type the bytes say they are (magic numbers), or undefined. */
export function sniffImageType(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  if (
    bytes.subarray(0, 4).toString("latin1") === "RIFF" &&
    bytes.subarray(8, 12).toString("latin1") === "WEBP"
  )
    return "image/webp";
  return undefined;
}

function decodeBase64(data: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) return undefined;
  return Buffer.from(data, "base64");
}

/** One OpenAI content part of a message with `role`; undefined when accepted. */
export function checkOpenAIPart(part: unknown, role: string, where: string): string | undefined {
  if (!isObj(part)) return `Invalid type for '${where}': expected an object.`;
  if (part.type === "text") {
    return typeof part.text === "string" ? undefined : `Missing required parameter: '${where}.text'.`;
  }
  if (part.type !== "image_url") {
    return `Invalid value: '${String(part.type)}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.`;
  }
  if (role !== "user")
    return `Invalid '${where}': image_url content parts are only allowed in user messages.`;
  const url = isObj(part.image_url) ? part.image_url.url : undefined;
  if (typeof url !== "string") return `Missing required parameter: '${where}.image_url.url'.`;
  if (/^https?:\/\//.test(url)) return undefined;
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (!match)
    return "Invalid image URL: expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,...').";
  const [, mediaType, data] = match as unknown as [string, string, string];
  if (!MEDIA_TYPES.includes(mediaType))
    return `Invalid MIME type. Only image types are supported. (${mediaType})`;
  const bytes = decodeBase64(data);
  if (!bytes || sniffImageType(bytes) === undefined)
    return "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp'].";
  return undefined;
}

/** An Anthropic `image` block; undefined when accepted. */
export function checkAnthropicImage(b: Obj, role: unknown, where: string): string | undefined {
  if (role !== "user") return `${where}: image blocks are only allowed in user messages`;
  const source = b.source;
  if (!isObj(source)) return `${where}.image.source: Field required`;
  if (source.type === "url")
    return typeof source.url === "string" ? undefined : `${where}.image.source.url: Field required`;
  if (source.type !== "base64")
    return `${where}.image.source: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url'`;
  if (typeof source.media_type !== "string" || !MEDIA_TYPES.includes(source.media_type))
    return `${where}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
  const bytes = typeof source.data === "string" ? decodeBase64(source.data) : undefined;
  if (!bytes || bytes.length === 0) return `${where}.image.source.base64.data: Invalid base64 data`;
  const actual = sniffImageType(bytes);
  if (actual === undefined)
    return `${where}.image.source.base64.data: The image was specified using the image/png media type, but the image appears to be invalid`;
  if (actual !== source.media_type)
    return `${where}.image.source.base64: Image does not match the provided media type ${source.media_type}`;
  return undefined;
}
