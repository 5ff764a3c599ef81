// The sealed fold of the development set: fold 0 of 5 by a hash of the session id
// (`reassure eval --fold 0/5`). Measured only, never read while writing rules.
export const SEALED = { index: 0, of: 5 };
