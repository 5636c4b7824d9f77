// Preloaded (`node --import`) into a server by bench/profile-http.mjs: the first SIGUSR2 starts
// V8's CPU profiler, the second stops it and writes the profile to PROFILE_OUT. Start-up (module
// loading, schema compilation) stays out of the profile, which then shows the steady state only.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 100 }, () => session.post('Profiler.start')));
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, { profile }) => {
    writeFileSync(process.env.PROFILE_OUT, JSON.stringify(err ? {} : profile));
    process.stderr.write('profile written\n');
  });
});
