import { fillSettings, openShareSettings, peerSettings, shareWithSettings } from './dashboard-page.ts';
import { fixtureFiles } from './fixture-files.ts';
import { expect, test } from './swarm-fixture.ts';

/**
 * Swarm settings chosen on the sharer's page: an invalid field blocks the share and says which; the
 * settings picked go with the share, so a downloader's engine runs with them; the teacher's
 * dashboard shows them in its form and can still change them (in either language).
 */

const video = fixtureFiles().find((f) => f.name === 'video.mp4')!;

test('an invalid setting on the share panel blocks the share and names the field', async ({
  swarm,
  classroom,
}) => {
  const s = await swarm({ peers: 1, baseURL: classroom.tracker.url });
  const form = await openShareSettings(s.sharer);
  const slots = await form.getByLabel('Regular unchoke slots').inputValue();
  await fillSettings(form, { regularSlots: '99' });
  const alert = form.getByRole('alert');
  await expect(alert).toHaveText(
    'Nothing is shared until this is fixed: “Regular unchoke slots” takes a number from 0 to 16.',
  );
  await expect(form.getByLabel('Regular unchoke slots')).toHaveAttribute('aria-invalid', 'true');
  // Picking a file now shares nothing; collapsed, the form opens again to show why.
  await s.sharer.page.getByText('Swarm settings (optional)').click();
  await expect(form).toBeHidden();
  await s.sharer.share(video.path);
  await expect(alert).toBeVisible();
  await expect(s.sharer.page.locator('li[data-file-name]')).toHaveCount(0);

  // The message follows the edits, and goes once the fields are right.
  await fillSettings(form, { regularSlots: '0', choking: 'tit-for-tat' });
  await form.getByLabel('Optimistic unchoke slots').fill('0');
  await expect(alert).toContainText('Tit-for-tat needs at least one unchoke slot');
  await expect(form.getByLabel('Regular unchoke slots')).not.toHaveAttribute('aria-invalid', 'true');
  await fillSettings(form, { regularSlots: slots });
  await expect(alert).toHaveCount(0);
  await s.sharer.share(video.path);
  await s.sharer.hashedMs(video.name);
});

test('settings picked when sharing reach a downloader; the dashboard shows them and still changes them', async ({
  swarm,
  classroom,
}) => {
  test.setTimeout(180_000);
  const cap = 250_000; // 0.25 MB/s
  const s = await swarm({ peers: 2, baseURL: classroom.tracker.url });
  const leecher = s.leechers[0]!;
  await shareWithSettings(s.sharer, video.path, { strategy: 'sequential', uploadCapMB: '0.25' });
  await s.sharer.hashedMs(video.name);

  const picked = { strategy: 'sequential', uploadCapBytesPerSecond: cap };
  await expect
    .poll(async () => (await peerSettings(s.sharer, video.name))?.settings, { timeout: 30_000 })
    .toMatchObject(picked);
  await leecher.download(video.name);
  await expect
    .poll(async () => (await peerSettings(leecher, video.name))?.settings, { timeout: 30_000 })
    .toMatchObject(picked);

  // The dashboard's form starts from the settings in force, and applying a change reaches the peers.
  const dashboard = await classroom.dashboard();
  const form = dashboard.settingsForm(video.name);
  await expect(form.getByLabel('Piece selection')).toHaveValue('sequential');
  await expect(form.getByLabel('Upload cap per peer (MB/s)')).toHaveValue('0.25');
  await dashboard.applySettings(video.name, { strategy: 'random', uploadCapMB: '' });
  await expect
    .poll(async () => (await peerSettings(leecher, video.name))?.settings, { timeout: 30_000 })
    .toMatchObject({ strategy: 'random', uploadCapBytesPerSecond: null });

  // A setting the protocol refuses is not applied, and the form says why.
  await fillSettings(form, { choking: 'tit-for-tat', regularSlots: '0' });
  await form.getByLabel('Optimistic unchoke slots').fill('0');
  await form.getByRole('button', { name: 'Apply to the swarm' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'Not applied: Tit-for-tat needs at least one unchoke slot, or nobody would ever upload.',
  );

  // In Portuguese, the same form.
  await dashboard.page.getByLabel('Language', { exact: true }).selectOption('pt-BR');
  const pt = dashboard.page.getByRole('form', { name: 'Configurações', exact: true });
  await expect(pt.getByLabel('Escolha de peças')).toHaveValue('random');
  await expect(pt.getByRole('button', { name: 'Aplicar ao enxame' })).toBeVisible();
  await expect(pt.getByRole('alert')).toHaveText(
    'Não aplicado: O olho por olho precisa de pelo menos uma vaga de envio; senão ninguém enviaria nada.',
  );
});
