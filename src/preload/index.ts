// Placeholder until the booth contract lands: exposes nothing yet.
export {};
