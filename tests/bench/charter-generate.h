/* charter-generate.h: writes a synthetic knowledge base for benchmarks and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean charter_generate_kb (const char  *path,
                              guint        n_documents,
                              guint32      seed,
                              GError     **error);

G_END_DECLS
