// The 43-byte transparent 1x1 GIF every pixel request gets, whatever happens to the hit.
export const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
