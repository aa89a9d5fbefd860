/* charter-validate.h: `charter --validate`, for authors and their editors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int charter_validate_files (const char * const *filenames);

G_END_DECLS
