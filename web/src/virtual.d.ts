// The build-time world map (web/tools/world-map.ts).
declare module 'virtual:world-map' {
  export const width: number;
  export const height: number;
  /** [ISO alpha-2, SVG path] per country. */
  export const countries: [string, string][];
}
