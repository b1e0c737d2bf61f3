// Test-only (worker/clock-jump.system.test.ts), loaded with `node --import`: this process's wall
// clock steps by the next amount in CLOCK_JUMPS_MS (comma-separated ms) at each SIGUSR2, as a
// machine's clock does when someone sets the date. The monotonic clock (performance.now) and
// timers are untouched, as on a real machine.
const realNow = Date.now.bind(Date);
const RealDate = Date;
const jumps = (process.env.CLOCK_JUMPS_MS ?? "").split(",").filter(Boolean).map(Number);
let offsetMs = 0;
process.on("SIGUSR2", () => {
  offsetMs += jumps.shift() ?? 0;
});
class SteppedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(realNow() + offsetMs);
    else super(...args);
  }
  static now() {
    return realNow() + offsetMs;
  }
}
globalThis.Date = SteppedDate;
