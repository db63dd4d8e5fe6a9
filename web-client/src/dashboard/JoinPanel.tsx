import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { useDashboard } from './dashboard-context.ts';

/** Where students go: the peer page's URL (never the dashboard's key) as text and as a QR code. */
export function JoinPanel() {
  const model = useDashboard();
  const td = useT('dashboard');
  const url = model.joinUrl.value;
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let current = true;
    QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
      .then((text) => current && setSvg(text))
      .catch(() => current && setSvg(null));
    return () => {
      current = false;
    };
  }, [url]);
  if (!url) return null;
  return (
    <section class="card join" aria-label={td('join.title')}>
      <div>
        <h2>{td('join.title')}</h2>
        <p class="hint">{td('join.explain')}</p>
        <p class="join-url">
          <a href={url} target="_blank" rel="noreferrer" data-testid="join-url">
            {url}
          </a>
        </p>
      </div>
      {svg && (
        // The SVG is drawn by the qrcode package from the URL alone (modules, no text from the URL).
        <div
          class="qr"
          role="img"
          aria-label={td('join.qrLabel', { url })}
          data-join-url={url}
          dangerouslySetInnerHTML={{ __html: svg }}
        />
      )}
    </section>
  );
}
