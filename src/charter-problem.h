/* charter-problem.h: one error or warning found in a knowledge base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CHARTER_SEVERITY_ERROR,
  CHARTER_SEVERITY_WARNING,
} CharterSeverity;

#define CHARTER_TYPE_PROBLEM (charter_problem_get_type ())

G_DECLARE_FINAL_TYPE (CharterProblem, charter_problem, CHARTER, PROBLEM, GObject)

CharterProblem  *charter_problem_new          (CharterSeverity  severity,
                                               guint            line,
                                               guint            column,
                                               const char      *path,
                                               const char      *message);
CharterSeverity  charter_problem_get_severity (CharterProblem  *self);
guint            charter_problem_get_line     (CharterProblem  *self);
guint            charter_problem_get_column   (CharterProblem  *self);
const char      *charter_problem_get_path     (CharterProblem  *self);
const char      *charter_problem_get_message  (CharterProblem  *self);
char            *charter_problem_format       (CharterProblem  *self,
                                               const char      *filename);

G_END_DECLS
