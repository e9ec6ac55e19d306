import type { OptionsView } from '../../protocol/replies';
import { gitlabConnectionItem, knownProjectsItem, linksItem, sentryConnectionItem, settingsItem } from '../../store/storage';

/** What the options page shows: the connections (never a token), the links, the projects to link, settings. */
export async function optionsView(): Promise<OptionsView> {
  const [connection, gitlab, links, projects, settings] = await Promise.all([
    sentryConnectionItem.getValue(),
    gitlabConnectionItem.getValue(),
    linksItem.getValue(),
    knownProjectsItem.getValue(),
    settingsItem.getValue(),
  ]);
  return {
    sentry: connection ? { baseUrl: connection.baseUrl, hasToken: Boolean(connection.token) } : null,
    gitlab: gitlab ? { baseUrl: gitlab.baseUrl, username: gitlab.username } : null,
    links,
    projects,
    pollMinutes: settings.pollMinutes,
  };
}
