// User-Agent -> browser, OS (major versions) and device class, via bowser behind an LRU cache.
import Bowser from 'bowser';
import type { Device } from '../../event.ts';
import { Lru } from './lru.ts';

export interface UserAgentInfo {
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  device: Device | null;
}

/** bowser's names where users know the product by another one. */
const BROWSER_NAMES: Readonly<Record<string, string>> = {
  'Samsung Internet for Android': 'Samsung Internet',
  'NAVER Whale Browser': 'Whale',
  Focus: 'Firefox Focus',
};
const OS_NAMES: Readonly<Record<string, string>> = { 'Chrome OS': 'ChromeOS' };
const EMPTY: UserAgentInfo = Object.freeze({ browser: null, browserVersion: null, os: null, osVersion: null, device: null });
/** Longer UAs are parsed but not cached, so junk headers cannot fill the cache. */
const MAX_CACHED_UA = 1024;

export function createUserAgentParser(cacheSize = 10_000): (userAgent: string) => UserAgentInfo {
  const cache = new Lru<string, UserAgentInfo>(cacheSize);
  return (userAgent) => {
    if (userAgent === '') return EMPTY;
    const cached = cache.get(userAgent);
    if (cached !== undefined) return cached;
    // Frozen: the same object is handed to every hit with this UA.
    const info = Object.freeze(parseUserAgent(userAgent));
    if (userAgent.length <= MAX_CACHED_UA) cache.set(userAgent, info);
    return info;
  };
}

function parseUserAgent(userAgent: string): UserAgentInfo {
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(userAgent);
  } catch {
    return EMPTY;
  }
  const { browser, os, platform } = parsed;
  const browserName = nonEmpty(browser.name);
  const osName = nonEmpty(os.name);
  return {
    browser: browserName === null ? null : (BROWSER_NAMES[browserName] ?? browserName),
    browserVersion: browserName === null ? null : majorOf(browser.version),
    os: osName === null ? null : (OS_NAMES[osName] ?? osName),
    osVersion: osName === null ? null : osVersionOf(osName, os.version, os.versionName),
    device: deviceOf(platform.type),
  };
}

function osVersionOf(name: string, version: string | undefined, versionName: string | undefined): string | null {
  // Windows UAs carry the NT kernel version ("NT 10.0"); bowser's versionName is the
  // marketing name users know ("7", "10"). Windows 11 still reports NT 10.0, hence "10".
  if (name === 'Windows') return nonEmpty(versionName) ?? majorOf(version);
  return majorOf(version);
}

/** Major version only: minor versions split the breakdown into unreadable slivers. */
function majorOf(version: string | undefined): string | null {
  if (version === undefined) return null;
  const dot = version.indexOf('.');
  return nonEmpty(dot === -1 ? version : version.slice(0, dot));
}

function deviceOf(type: string | undefined): Device | null {
  // TVs, consoles and bots have no place in the desktop/mobile/tablet breakdown.
  return type === 'desktop' || type === 'mobile' || type === 'tablet' ? type : null;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
