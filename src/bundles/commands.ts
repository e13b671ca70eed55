/**
 * Entry point of dist/commands.js: the code of commands that activation does not need (adding,
 * importing, editing, removing and selecting profiles; the personal-token consent). The commands
 * are registered at activation (registerCommands.ts) with handlers that require this bundle on
 * their first run (shared/lazy.ts), so dist/extension.js does not grow with their dialogs.
 */
export { addProfile, editProfile, importCurl, importProfile, removeProfile, selectProfile } from '../features/profiles/profileCommands';
export { confirmPersonalToken } from '../shared/personalToken';
