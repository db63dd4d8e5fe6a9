import { describe, expect, it } from 'vitest';
import { safeFileName } from './safe-file-name.ts';

describe('safeFileName', () => {
  it.each([
    ['video.mp4', 'video.mp4'],
    ['relatório final — ação ✓.txt', 'relatório final — ação ✓.txt'],
    ['../../etc/passwd', '__.._etc_passwd'],
    ['.bashrc', '_bashrc'],
    ['..\\..\\windows\\system.ini', '__.._windows_system.ini'],
    ['C:\\Windows\\evil.dll', 'C__Windows_evil.dll'],
    ['<img src=x onerror=alert(1)>.png', '_img src=x onerror=alert(1)_.png'],
    ['invoice\u202Efdp.exe', 'invoice_fdp.exe'],
    ['say "hi".txt', 'say _hi_.txt'],
    ['..', 'download_'],
    ['   ', 'download'],
    ['tab\there.txt', 'tab_here.txt'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('shortens very long names and keeps the extension', () => {
    const safe = safeFileName(`${'a'.repeat(300)}.pdf`);
    expect(safe.length).toBe(200);
    expect(safe.endsWith('.pdf')).toBe(true);
  });
});
