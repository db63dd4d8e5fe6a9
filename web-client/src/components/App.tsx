import { useApp } from '../app-context.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { CatalogTable } from './CatalogTable.tsx';
import { Notices } from './Notices.tsx';
import { SharePanel } from './SharePanel.tsx';
import { TrackerBadge } from './TrackerBadge.tsx';
import { UploadLimit } from './UploadLimit.tsx';
import { TransferCard } from './TransferCard.tsx';

export function App() {
  const app = useApp();
  return (
    <>
      <header class="top">
        <h1>MiniBit</h1>
        <LanguageSwitch />
        <UploadLimit />
        <TrackerBadge />
      </header>
      <main>
        <Notices />
        <SharePanel />
        <CatalogTable />
        {app.transfers.value.map((t) => (
          <TransferCard key={t.swarmId} transfer={t} />
        ))}
      </main>
    </>
  );
}
