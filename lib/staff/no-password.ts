// Not a usable argon2 hash: an invited account cannot sign in until its link sets a password
// (sign-in verifies such an account against a dummy hash, so it answers as slowly as any other).
export const NO_PASSWORD = "!invited";
