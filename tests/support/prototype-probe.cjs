// Preloaded into a test server (NODE_OPTIONS=--require): at exit, says whether Object.prototype
// changed while the server ran (prototype pollution), so a test can read it from the output.
const snapshot = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");
const before = snapshot();
process.on("exit", () => {
  const after = snapshot();
  const clean = after === before && {}.polluted === undefined;
  process.stdout.write(`[prototype-probe] pid ${process.pid}: ${clean ? "untouched" : `CHANGED: ${after}`}\n`);
});
