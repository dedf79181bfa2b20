// A Bolt for JavaScript app doing planbot's goal flow, as the comparison
// subject of cmd/planbench (see BENCHMARKS.md). It does the same work as
// planbot for `/plan goals` and a goal submission:
//
//   slash command: ack at once; users.info (cached an hour, for the locale);
//                  find or create the channel's plan in SQLite; views.open
//                  with the same goal modal; on failure, tell the user in an
//                  ephemeral message.
//   submission:    validate; store the goal in SQLite (WAL, synchronous=FULL,
//                  one durable commit); ack; post a decision note with the
//                  user's text escaped.
//
// Environment: SLACK_APP_TOKEN, SLACK_BOT_TOKEN, SLACK_API_URL (fakeslack's,
// ending in /), BOLT_DB (SQLite file). Bolt's App gives clientOptions only to
// its own WebClient: the Socket Mode client calls apps.connections.open with
// installerOptions.clientOptions, so both are set, or the socket would be
// opened against slack.com.
'use strict';

const { App, LogLevel } = require('@slack/bolt');
const Database = require('better-sqlite3');
const modalTemplate = require('./goal_modal.json');

const apiURL = process.env.SLACK_API_URL;
const clientOptions = { slackApiUrl: apiURL, retryConfig: { retries: 0 } };

const db = new Database(process.env.BOLT_DB || 'bolt.db');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
db.exec(`
CREATE TABLE IF NOT EXISTS plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id TEXT NOT NULL, channel_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL, language TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (team_id, channel_id));
CREATE TABLE IF NOT EXISTS goals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  kind TEXT NOT NULL, title TEXT NOT NULL, metric TEXT NOT NULL,
  baseline REAL NOT NULL, target REAL NOT NULL, unit TEXT NOT NULL DEFAULT '',
  deadline TEXT NOT NULL, owner_id TEXT NOT NULL DEFAULT '', learn TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS goals_plan_id_idx ON goals (plan_id);
`);

const insertPlan = db.prepare(`INSERT INTO plans (team_id, channel_id, name, time_zone, language, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, channel_id) DO NOTHING`);
const findPlan = db.prepare('SELECT id, channel_id FROM plans WHERE team_id = ? AND channel_id = ?');
const findPlanByID = db.prepare('SELECT id, channel_id FROM plans WHERE id = ?');
const countGoals = db.prepare('SELECT COUNT(*) AS n FROM goals WHERE plan_id = ?');
const insertGoal = db.prepare(`INSERT INTO goals (plan_id, kind, title, metric, baseline, target, unit, deadline,
  owner_id, learn, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

const ensurePlan = db.transaction((team, channel, name, tz, lang) => {
  const now = new Date().toISOString();
  insertPlan.run(team, channel, name, tz, lang, now, now);
  return findPlan.get(team, channel);
});

const users = new Map(); // id -> { locale, tz, fetched }
async function userInfo(client, id) {
  const hit = users.get(id);
  if (hit && Date.now() - hit.fetched < 3600e3) return hit;
  try {
    const res = await client.users.info({ user: id, include_locale: true });
    const u = { locale: res.user.locale || 'en-US', tz: res.user.tz || 'UTC', fetched: Date.now() };
    users.set(id, u);
    return u;
  } catch (e) {
    return { locale: 'en-US', tz: 'UTC', fetched: 0 };
  }
}

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function goalModal(planID, channelID, userID) {
  const view = structuredClone(modalTemplate);
  view.private_metadata = JSON.stringify({ p: planID, c: channelID });
  for (const b of view.blocks) {
    if (b.block_id === 'goal_owner') b.element.initial_user = userID;
  }
  return view;
}

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  appToken: process.env.SLACK_APP_TOKEN,
  socketMode: true,
  clientOptions,
  installerOptions: { clientOptions },
  logLevel: LogLevel.WARN,
});

app.command('/plan', async ({ command, ack, client, logger }) => {
  const word = (command.text || '').trim().split(/\s+/)[0];
  if (word !== 'goals') {
    await ack({ response_type: 'ephemeral', text: 'Usage: /plan goals' });
    return;
  }
  await ack();
  const u = await userInfo(client, command.user_id);
  const p = ensurePlan(command.team_id, command.channel_id, command.channel_name || '', u.tz, u.locale.startsWith('fr') ? 'fr' : 'en');
  countGoals.get(p.id);
  try {
    await client.views.open({ trigger_id: command.trigger_id, view: goalModal(p.id, p.channel_id, command.user_id) });
  } catch (e) {
    logger.warn('views.open', e.message);
    try {
      await client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text: 'I could not open the form in time. Please run the command again.' });
    } catch (e2) {
      logger.warn('chat.postEphemeral', e2.message);
    }
  }
});

app.view('goal_modal', async ({ ack, body, view, client, logger }) => {
  const v = (block) => (view.state.values[block] || {}).input || {};
  const meta = JSON.parse(view.private_metadata || '{}');
  const g = {
    kind: (v('goal_kind').selected_option || {}).value || '',
    title: (v('goal_title').value || '').trim(),
    metric: (v('goal_metric').value || '').trim(),
    baseline: Number(v('goal_baseline').value || 0),
    target: Number(v('goal_target').value),
    unit: (v('goal_unit').value || '').trim(),
    deadline: v('goal_deadline').selected_date || '',
    owner: v('goal_owner').selected_user || '',
    learn: (v('goal_learn').value || '').trim(),
  };
  const errors = {};
  if (!g.kind) errors.goal_kind = 'Choose a kind of goal.';
  if (!g.title) errors.goal_title = 'A goal needs a statement.';
  if (!g.metric) errors.goal_metric = 'A SMART goal needs a metric.';
  if (!Number.isFinite(g.target)) errors.goal_target = 'The target must be a number.';
  else if (g.target === g.baseline) errors.goal_target = 'The target must differ from the baseline.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(g.deadline)) errors.goal_deadline = 'Pick a deadline.';
  if (Object.keys(errors).length > 0) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const p = findPlanByID.get(meta.p);
  if (!p) {
    await ack({ response_action: 'errors', errors: { goal_title: 'This plan no longer exists.' } });
    return;
  }
  const now = new Date().toISOString();
  try {
    insertGoal.run(p.id, g.kind, g.title, g.metric, g.baseline, g.target, g.unit, g.deadline, g.owner, g.learn, body.user.id, now, now);
  } catch (e) {
    logger.error('store goal', e.message);
    await ack({ response_action: 'errors', errors: { goal_title: 'Your change was not saved. Please try again in a moment.' } });
    return;
  }
  await ack();
  const text = `<@${body.user.id}> added a goal: ${escape(g.title)}`;
  try {
    await client.chat.postMessage({
      channel: p.channel_id,
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `<@${body.user.id}> added a goal: *${escape(g.title)}*` } },
        { type: 'context', elements: [
          { type: 'mrkdwn', text: `KPI: ${escape(g.metric)}, from ${g.baseline} ${escape(g.unit)} to ${g.target} ${escape(g.unit)} by ${g.deadline} · owner <@${g.owner}>` },
          { type: 'mrkdwn', text: `To learn: ${escape(g.learn)}` },
        ] },
      ],
    });
  } catch (e) {
    logger.warn('post decision note', e.message);
  }
});

app.error(async (err) => { console.error('bolt error:', err.message); });

(async () => {
  await app.start();
  console.log('bolt app connected');
})();

const stop = async () => {
  try { await app.stop(); } catch (e) { /* already stopping */ }
  db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
