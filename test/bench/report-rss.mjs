// Loaded with --import into benchmark children: reports peak resident memory on exit.
process.on('exit', () => {
  process.stderr.write(`LISTPREP_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
