/**
 * Pins what a check writes, byte for byte, so the codec refactor (issue #18) can show it changed
 * no output: the CLI's files and JSON report on every sample list and a generated bench-like list,
 * inline and with the validation thread, and the case file's Api answers (pages, counts, rows).
 * The expected SHA-256 values were recorded from the code before the refactor (and again after the
 * merge that added the profile list, the same files but for it). A deliberate change of output updates them (run with LISTPREP_PIN_PRINT=1 to print the new values).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli-run.ts';
import { fixture, makeService, openChecked, tempDir, waitJob } from '../helpers/service.ts';
import { writeSnapshot, writeWhatsAppList } from '../bench/generate.ts';
import { testWorkerScript } from '../helpers/test-worker.ts';

const sha = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const NOW = new Date(Date.UTC(2025, 5, 1, 2, 0, 0));
const helperThreads = { parallel: { script: testWorkerScript(), minBytes: 0 } };

let benchDir = '';
const bench = (name: string) => path.join(benchDir, name);

beforeAll(async () => {
  benchDir = tempDir('listprep-pin-');
  await writeWhatsAppList(bench('bench-2000.csv'), 2000, 7);
  await writeSnapshot(bench('bench-snapshot.csv'), 1000, 8);
});
afterAll(() => fs.rmSync(benchDir, { recursive: true, force: true }));

/** A text without the run's folders in it (temporary ones differ per run, the clone's per machine). */
const placeless = (text: string, out = '<no out>') =>
  text.replaceAll(out, '<out>').replaceAll(benchDir, '<bench>').replaceAll(path.dirname(fixture('contacts-snapshot.csv')), '<fixtures>');

/** Runs one CLI check into a fresh folder; every file it wrote and its stdout, hashed. */
async function cliHashes(threaded: boolean, ...argv: string[]): Promise<Record<string, string>> {
  const out = tempDir();
  const { code, stdout, stderr } = await runCli({ now: NOW, ...(threaded ? helperThreads : {}) }, ...argv, '--out', out);
  const hashes: Record<string, string> = { code: String(code), stdout: sha(placeless(stdout, out)), stderr: sha(placeless(stderr, out)) };
  for (const name of fs.readdirSync(out).sort()) hashes[name] = sha(fs.readFileSync(path.join(out, name)));
  fs.rmSync(out, { recursive: true, force: true });
  return hashes;
}

const RUNS: Record<string, () => string[]> = {
  'whatsapp plain': () => ['check', fixture('whatsapp-from-excel.csv'), '--json'],
  'whatsapp contacts fields fix unify': () => ['check', fixture('whatsapp-from-excel.csv'), '--json', '--contacts', fixture('contacts-snapshot.csv'), '--fields', fixture('custom-fields.csv'), '--fix', 'all', '--unify'],
  'whatsapp all-rows zh-TW': () => ['check', fixture('whatsapp-from-excel.csv'), '--contacts', fixture('contacts-snapshot.csv'), '--all-rows', '--lang', 'zh-TW'],
  'edm big5 contacts fields': () => ['check', fixture('edm-big5.csv'), '--json', '--contacts', fixture('contacts-snapshot.csv'), '--fields', fixture('custom-fields.csv'), '--unify'],
  'line utf16 contacts fix': () => ['check', fixture('line-utf16-tab.txt'), '--json', '--contacts', fixture('contacts-snapshot.csv'), '--fix', 'all'],
  'messy-400': () => ['check', fixture('cases/messy-400.csv'), '--json', '--fix', 'all'],
  'bench 2000 contacts unify': () => ['check', bench('bench-2000.csv'), '--json', '--contacts', bench('bench-snapshot.csv'), '--unify'],
  'bench 2000 fix all-rows split': () => ['check', bench('bench-2000.csv'), '--contacts', bench('bench-snapshot.csv'), '--fix', 'all', '--all-rows', '--split-every', '700'],
};

const EXPECTED_CLI: Record<string, Record<string, string>> = {
  "whatsapp plain": {"code":"1","stdout":"872cebe8389ddaf4e442f2a37a5fb23a8f40a9b4811e6b79bfe31ff3cfa2f536","stderr":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","whatsapp-from-excel.errors.csv":"fa1e8efd9f47660877c2dd163e6e1173eedf93064e745745b0a113e9d059a13e","whatsapp-from-excel.rejected.csv":"ec8ae7b7e1e218315c068f3630f69799797156dfd47fdce6580a316a54f36879","whatsapp-from-excel.upload-ready.csv":"3b9b60817d740006fbd5803f6cf8e877d47b14236a31809104ca39023bccb4e4"},
  "whatsapp contacts fields fix unify": {"code":"1","stdout":"164d8af43e028366cbfaecf1b2c0ec7a49fe4989b1a5ff70a3f0aa7eb5a9f27c","stderr":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","whatsapp-from-excel.conflicts.csv":"e4655dd840605b45bed6a57d3be1e9ed17033148253f9a8743974704f62917db","whatsapp-from-excel.errors.csv":"eacba199b67f013822cb77905e8d25f68eab5fc9eeb5af308f46efe6216cfe10","whatsapp-from-excel.profiles.csv":"d0311f8c4676cc58af481fc0593a4de82c9cd71fe3111282664116c10f364673","whatsapp-from-excel.rejected.csv":"7e530c6e49ad8fcd00a234e575acd569464993efdfcd5e62d4f47aee22947bde","whatsapp-from-excel.snapshot.csv":"e646a2bf652362812f12fd224fe0ea2b29807202649313728952f8ef07fceeeb","whatsapp-from-excel.upload-ready.csv":"198521b1cb6d3be8dfffdaaaad73a0fe8ea1b18ef514d990fa70f33a30d826d6"},
  "whatsapp all-rows zh-TW": {"code":"1","stdout":"a61262448107cdab35acf234c09ca0415e786093e02b251d01b7e30e08c27794","stderr":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","whatsapp-from-excel.errors.csv":"97077400f760dfd523adb67cca37f4208621281bf76241be8d0ff582cced72e9","whatsapp-from-excel.rejected.csv":"ec8ae7b7e1e218315c068f3630f69799797156dfd47fdce6580a316a54f36879","whatsapp-from-excel.snapshot.csv":"bb952b5e17135f0c78e94bc2feb8a5fbcf7d173b6ba2207b0fa6645ae33eb14c","whatsapp-from-excel.upload-ready.csv":"b9e9b6ff5dd3b8ab8b8373b41c4b1c98d41d0d7ef519e13f8f72bbcc05a5c69b"},
  "edm big5 contacts fields": {"code":"1","stdout":"6d487cf72d4fa70548ec2e01fe6d1a154ff1c6af4c560a65cc760c2f3ac8b1c8","stderr":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","edm-big5.conflicts.csv":"f278893b9698c32feecf8ba9fbaed5bd26ca66c21e791f7b80101a9bc1e02a63","edm-big5.errors.csv":"ef0c9eed6b359f4497d827696059dab7a402c232b8af4143dc7593429fa75941","edm-big5.profiles.csv":"97fcbaab046dc91eec9a6e2ab4a84b930a8d81f0f49dea7288024c13e493edd3","edm-big5.rejected.csv":"11935f5f437b8bc2215900da5cbd627e40060ffe90b3b9eccc347799a1bb6add","edm-big5.snapshot.csv":"318c0c66184995d28a5f6a28b108803a83a568d2efab3bdb3f790ef9c110f577","edm-big5.upload-ready.csv":"cecc26bcacdc45fe787c9d32e880f901eca719a4dd389fa20422ebcc650a7a92"},
  "line utf16 contacts fix": {"code":"1","stdout":"885be706e450ee3d06a741f50847cedb94bf5879b8bb653f63b10975bde37693","stderr":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","line-utf16-tab.errors.csv":"7a87ae4c5c3604ec43ea7816df633f4636a03998827f565516f56b699757a22e","line-utf16-tab.rejected.csv":"e97d814b5b2086dd4c817250c54063a633801bb1cedc4b63a7514aabde39cf8e","line-utf16-tab.snapshot.csv":"72fc610e4a8f805871ddc8de153b3bf159edbcda12a934cef49886528f7fb09a","line-utf16-tab.upload-ready.csv":"1f0232f4f38ab2df6983c2cdd3b8ea91757bfa686effd1c6bf9b4e0b9191f73f"},
  "messy-400": {"code":"1","stdout":"4cb5361e0f2ff4d3c8387a585546b42898978dd91f5334231b36c48b631429d6","stderr":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","messy-400.errors.csv":"a716ae9e7e372af3b89204dd79c5ae7a9e33fea8c52af85000a8626e5909acd1","messy-400.rejected.csv":"808f37fa643a188bcc441e8988522d26615965ec1af6f0bfbfd8622a32b6976d","messy-400.upload-ready.csv":"eb0f43dc8d5b2a1299d0afb5c51a3a70338b65edf5daa28d7a26affb1bbf7bb5"},
  "bench 2000 contacts unify": {"code":"1","stdout":"138092d5a0fce999c5632d0d70a60419cb701a8ad0e4d1c6884e7032a1ae1f40","stderr":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","bench-2000.conflicts.csv":"7775cb7b239e71b18269bcbe8637d268975c6b4ced15dc18dc06c49b1832dbba","bench-2000.errors.csv":"7ddfbe072fc924c760269e9007ca7bfb753ede92c88f256e7459f440f8338c60","bench-2000.profiles.csv":"09e4f7f60209d46df03b453b1513b114bcd6a781df42293734e3b9735bef72a2","bench-2000.rejected.csv":"4a36aa92afd2b21b6f8de608066525b23032d6f4705b1ee156a9f2c39900dc31","bench-2000.snapshot.csv":"1e61bc62f2851ec1bc56de7de87869cb3e766f61d8330135ec561ffc45870f44","bench-2000.upload-ready.csv":"0fcaad71e28d77a580f085ce15ef4b0ea22eb3033704183951d2a2839a3507a0"},
  "bench 2000 fix all-rows split": {"code":"1","stdout":"64c7ccfb6f7f747cad1ae5b8686cbe15d64f1099fbbcb9e8d6063599f9f6338c","stderr":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","bench-2000.errors.csv":"259910e39139f23cff273304fff9efe33110dea0edc74636bb86035661fae77c","bench-2000.rejected.csv":"a6397b91c816419ae3fc6ab84469e155d9a11bf3523c9449227bb364f2c0e159","bench-2000.snapshot.csv":"a49c3d0d4423ca8063d7446669ba27d617a9f75da56f2bb287f844d250abaf7f","bench-2000.upload-ready.part001.csv":"077d304404aa7fc8c3849e5732fc596c8dba240384e13627b9da7d0a96a50965","bench-2000.upload-ready.part002.csv":"a5cec34399190c59cd050545186a65b7b95bc040b83a52fd3b1254300e3f432d","bench-2000.upload-ready.part003.csv":"b9cbe29a5ac8b3188c800c6d0b78f2fb393def7ea508af7495d22166954148f2"},
};

const EXPECTED_API: Record<string, string> = {
  "whatsapp with contacts and fields": "43c450729408df0375432f92b6f12c80376c1bb190419d89a2d5f6ba878cee71",
  "edm big5 with contacts": "7d57e36018a3740abe771441528e9236d9bb2ee2de549884b02c8675a8f29aaf",
  "line utf16": "ba66fe8a09212742f0cc4f18a9e9d60ed045fa6f2579029fc088a584f208dab0",
  "bench 2000 with contacts": "fe8b0bf4a3042be2f830ef55ce55c30ddef5b48d6a34aa075d32b899f7a9a4f3",
};

const print = process.env.LISTPREP_PIN_PRINT === '1';

describe('the CLI writes the same bytes as before the codec refactor', () => {
  for (const [name, argv] of Object.entries(RUNS)) {
    it(name, async () => {
      const inline = await cliHashes(false, ...argv());
      if (print) console.log(`PIN-CLI ${JSON.stringify(name)}: ${JSON.stringify(inline)},`);
      else expect(inline).toEqual(EXPECTED_CLI[name]);
      // The validation thread sends rows through the wire format: the same bytes again.
      expect(await cliHashes(true, ...argv())).toEqual(inline);
    }, 60_000);
  }
});

/** Everything the Api answers about a checked case: the summary, every page, counts per filter, every row. */
async function apiAnswers(list: string, snapshot?: string, definitions?: string): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  const { api, dataDir } = makeService();
  try {
    const caseId = await openChecked(api, list);
    if (snapshot) await waitJob(api, (await api.loadSnapshot({ caseId, path: snapshot })).jobId);
    if (definitions) await waitJob(api, (await api.loadDefinitions({ caseId, path: definitions })).jobId);
    const { caseId: _id, casePath: _path, ...summary } = (await api.getCase({ caseId })) as Record<string, unknown>;
    const answers: unknown[] = [summary];
    const counts = await api.getCounts({ caseId, filter: {} });
    answers.push(counts);
    for (let offset = 0; offset < counts.rows; offset += 1000) answers.push(await api.queryRows({ caseId, offset, limit: 1000, filter: {} }));
    answers.push(await api.queryRows({ caseId, offset: 0, limit: 200, filter: {}, sort: { by: 'severity', dir: 'desc' } }));
    for (const c of counts.byCode.slice(0, 6)) {
      answers.push(await api.getCounts({ caseId, filter: { code: c.code } }));
      answers.push(await api.queryRows({ caseId, offset: 0, limit: 50, filter: { code: c.code } }));
    }
    for (const outcome of ['create', 'update', 'unchanged', 'skip', 'fail'] as const) answers.push(await api.queryRows({ caseId, offset: 0, limit: 50, filter: { outcome } }));
    for (let row = 2; row < Math.min(counts.rows + 2, 60); row++) answers.push(await api.getRow({ caseId, row }));
    await waitJob(api, (await api.runUnify({ caseId })).jobId);
    answers.push(await api.getUnification({ caseId, offset: 0, limit: 500 }));
    return sha(placeless(JSON.stringify(answers)));
  } finally {
    api.close();
    vi.useRealTimers();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const API_RUNS: Record<string, () => [string, string?, string?]> = {
  'whatsapp with contacts and fields': () => [fixture('whatsapp-from-excel.csv'), fixture('contacts-snapshot.csv'), fixture('custom-fields.csv')],
  'edm big5 with contacts': () => [fixture('edm-big5.csv'), fixture('contacts-snapshot.csv')],
  'line utf16': () => [fixture('line-utf16-tab.txt')],
  'bench 2000 with contacts': () => [bench('bench-2000.csv'), bench('bench-snapshot.csv')],
};

describe('the case file answers the Api the same as before the codec refactor', () => {
  for (const [name, args] of Object.entries(API_RUNS)) {
    it(name, async () => {
      const hash = await apiAnswers(...args());
      if (print) console.log(`PIN-API ${JSON.stringify(name)}: ${JSON.stringify(hash)},`);
      else expect(hash).toBe(EXPECTED_API[name]);
    }, 60_000);
  }
});
