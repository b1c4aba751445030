// The injected time source: tests stand the server at any instant (salt rotation at midnight, visit timeouts).

export interface Clock {
  now(): number;
}
