// Preloaded into the Prisma CLI (node -r). Its WebAssembly schema engine arms a
// 10 s timer it never clears, so every command would linger 10 s after its work
// is done. Unref'd timers still fire while anything else keeps the process
// alive; they just no longer hold it open on their own.
const setTimeoutOriginal = global.setTimeout;
global.setTimeout = function setTimeoutUnref(callback, delay, ...args) {
  const timer = setTimeoutOriginal(callback, delay, ...args);
  if (delay >= 5000 && typeof timer?.unref === "function") timer.unref();
  return timer;
};
