// A bench tool (floor.ts with BENCH_HOST_PROFILE=dir): a CPU profile of the extension host it runs in, from the
// moment the bench writes dir/start (just before its click) to dir/stop (3 s after the paint), written to
// dir/<the name in dir/start>.cpuprofile. The marks are files: this host and the bench share a disk, nothing else.
// Plain JS, no dependencies; activated at start-up, it polls for the marks every 10 ms (the same cost in every run).
// Also dir/<name>.messages.json: what this host sent the workbench meanwhile, as its compressor saw it (a remote
// extension host compresses its messages with zlib's raw deflate): each write's size and its printable text's start.
'use strict';
const fs = require('fs');
const path = require('path');
const inspector = require('inspector');
const zlib = require('zlib');

/** The writes to raw-deflate streams while profiling: [bytes, the first printable characters]. */
let messages;
const deflateWrite = zlib.DeflateRaw.prototype.write;
zlib.DeflateRaw.prototype.write = function (chunk, ...rest) {
  if (messages && chunk && chunk.length) messages.push([chunk.length, Buffer.from(chunk.subarray(0, 400)).toString('latin1').replace(/[^\x20-\x7e]+/g, ' ').slice(0, 160)]);
  return deflateWrite.call(this, chunk, ...rest);
};

const DIR = process.env.BENCH_HOST_PROFILE || '';
let timer;

function post(session, method, params) {
  return new Promise((resolve, reject) => session.post(method, params || {}, (e, r) => (e ? reject(e) : resolve(r))));
}

exports.activate = () => {
  if (!DIR) return;
  const session = new inspector.Session();
  session.connect();
  let name;
  const poll = async () => {
    timer = undefined;
    try {
      if (name === undefined && fs.existsSync(path.join(DIR, 'start'))) {
        name = fs.readFileSync(path.join(DIR, 'start'), 'utf8').trim();
        fs.rmSync(path.join(DIR, 'start'));
        await post(session, 'Profiler.enable');
        await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
        await post(session, 'Profiler.start');
        messages = [];
      } else if (name !== undefined && fs.existsSync(path.join(DIR, 'stop'))) {
        const { profile } = await post(session, 'Profiler.stop');
        fs.writeFileSync(path.join(DIR, `${name}.messages.json`), JSON.stringify(messages));
        messages = undefined;
        fs.writeFileSync(path.join(DIR, `${name}.cpuprofile`), JSON.stringify(profile));
        fs.rmSync(path.join(DIR, 'stop'));
        return;
      }
    } catch (e) {
      fs.writeFileSync(path.join(DIR, 'error.txt'), String(e && e.stack));
      return;
    }
    timer = setTimeout(poll, 10);
  };
  void poll();
};
exports.deactivate = () => clearTimeout(timer);
