// An admin operation's refusal, worded for the operator: the CLI prints its message as is and the
// site routes send it as a 400. Down here so the code the operations call can throw it too.

export class AdminError extends Error {
  override name = 'AdminError';
}
