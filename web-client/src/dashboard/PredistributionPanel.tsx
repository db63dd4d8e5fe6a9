import { type DashboardSwarm, MAX_PREDISTRIBUTION_PERCENT } from '@minibit/protocol';
import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { useDashboard } from './dashboard-context.ts';
import { predistributionFeedbackKey } from './dashboard-model.ts';

/**
 * Pre-distribution (the course project's `dist_block`): each downloading peer first gets a random
 * share of the pieces, unchoked and uncapped, so the demo starts with pieces everywhere. Shows the
 * set-up's progress while it runs.
 */
export function PredistributionPanel({ swarm }: { swarm: DashboardSwarm }) {
  const model = useDashboard();
  const td = useT('dashboard');
  const [percent, setPercent] = useState('25');
  const running = swarm.predistribution;
  const feedback = model.feedback.value[predistributionFeedbackKey(swarm.swarmId)];
  const value = Number(percent);
  const valid = Number.isInteger(value) && value >= 1 && value <= MAX_PREDISTRIBUTION_PERCENT;
  return (
    <form
      class="predistribution"
      aria-label={td('predistribution.title')}
      data-predistribution={running ? `${running.ready}/${running.peers}` : 'none'}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) model.predistribute(swarm.swarmId, value);
      }}
    >
      <h3>{td('predistribution.title')}</h3>
      <p class="hint">{td('predistribution.explain')}</p>
      <label>
        {td('predistribution.percent')}{' '}
        <input
          type="number"
          min={1}
          max={MAX_PREDISTRIBUTION_PERCENT}
          step={1}
          value={percent}
          onInput={(e) => setPercent(e.currentTarget.value)}
        />{' '}
        %
      </label>{' '}
      <button type="submit" disabled={!valid}>
        {td('predistribution.start')}
      </button>
      {!valid && (
        <p role="alert" class="error">
          {td('predistribution.invalid', { max: MAX_PREDISTRIBUTION_PERCENT })}
        </p>
      )}
      {feedback && !feedback.ok && (
        <p role="alert" class="error">
          {td('settings.refused', { message: feedback.message })}
        </p>
      )}
      {running && (
        <p role="status">
          {td('predistribution.running', {
            percent: running.percent,
            ready: running.ready,
            count: running.peers,
          })}
        </p>
      )}
    </form>
  );
}
