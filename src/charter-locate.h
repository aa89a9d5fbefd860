/* charter-locate.h: where things are in a JSON text
 *
 * json-glib builds a tree without positions. Valid files never need them, so
 * rather than record a position for every node while parsing, the loader
 * asks these functions afterwards, only for the few paths it has problems
 * to report about. They scan bytes; they build nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CHARTER_PRECHECK_OK,
  CHARTER_PRECHECK_TOO_DEEP,
  CHARTER_PRECHECK_COMMENT,
  CHARTER_PRECHECK_SINGLE_QUOTE,
  CHARTER_PRECHECK_CONTROL_CHARACTER,
  CHARTER_PRECHECK_LONE_SURROGATE,
  CHARTER_PRECHECK_BAD_ESCAPE,
  CHARTER_PRECHECK_TRAILING,
} CharterPrecheck;

CharterPrecheck charter_locate_precheck (const char  *data,
                                         gsize        length,
                                         guint        max_depth,
                                         gsize       *offset,
                                         gsize       *n_lines);
char     *charter_locate_paths       (const char  *data,
                                      gsize        length,
                                      GHashTable  *offsets,
                                      gsize        stop);
void      charter_locate_positions   (const char  *data,
                                      gsize        length,
                                      const gsize *offsets,
                                      guint        n_offsets,
                                      guint       *lines,
                                      guint       *columns);
gsize     charter_locate_line_start  (const char  *data,
                                      gsize        length,
                                      guint        line);
char     *charter_locate_drop_invalid_utf8 (const char *text);
char     *charter_locate_parse_error (const char  *message,
                                      guint       *line,
                                      guint       *column);

G_END_DECLS
