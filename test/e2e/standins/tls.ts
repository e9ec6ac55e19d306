import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface StandInCert {
  key: string;
  cert: string;
}

// Every name a stand-in may be reached under: Chromium maps these hosts to 127.0.0.1 and is told to ignore
// certificate errors, but a correct SAN keeps the cert usable with the narrower SPKI-pinning flag too.
const SUBJECT_ALT_NAMES = [
  'DNS:sentry.io',
  'DNS:*.sentry.io',
  'DNS:gitlab.com',
  'DNS:*.gitlab.com',
  'DNS:sentry.example.test',
  'DNS:gitlab.example.test',
  'IP:127.0.0.1',
].join(',');

// openssl takes ~100 ms per key; one cert per test process is plenty.
let cached: StandInCert | undefined;

/**
 * Creates (once per process) a self-signed cert for the stand-in hosts. The PEM files are written to `dir`
 * (tls-key.pem, tls-cert.pem) and kept there; without `dir` a temp folder is used and removed again.
 */
export function makeCert(dir?: string): StandInCert {
  if (cached) return cached;
  const outDir = dir ?? mkdtempSync(path.join(os.tmpdir(), 'e2e-tls-'));
  try {
    cached = writeCert(outDir);
  } finally {
    if (!dir) rmSync(outDir, { recursive: true, force: true });
  }
  return cached;
}

function writeCert(dir: string): StandInCert {
  mkdirSync(dir, { recursive: true });
  const keyPath = path.join(dir, 'tls-key.pem');
  const certPath = path.join(dir, 'tls-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '30',
      '-subj',
      '/CN=stand-in',
      '-addext',
      `subjectAltName=${SUBJECT_ALT_NAMES}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
}
