/* charter-search-command.h: `charter --search QUERY [FILE]`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Results printed for each query; the count on standard error says how many matched. */
#define CHARTER_SEARCH_COMMAND_MAX_RESULTS 20

int charter_search_command (const char *query,
                            GFile      *file,
                            const char *name,
                            const char *cache_dir);

G_END_DECLS
