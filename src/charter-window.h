/* charter-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "charter-application.h"
#include "charter-bookmark-store.h"
#include "charter-knowledge-base.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_WINDOW (charter_window_get_type ())

G_DECLARE_FINAL_TYPE (CharterWindow, charter_window, CHARTER, WINDOW, AdwApplicationWindow)

CharterWindow        *charter_window_new                (CharterApplication   *application);
void                  charter_window_open               (CharterWindow        *self,
                                                         GFile                *file);
CharterKnowledgeBase *charter_window_get_knowledge_base (CharterWindow        *self);
const char           *charter_window_get_current_id     (CharterWindow        *self);
gboolean              charter_window_show_entry_by_id   (CharterWindow        *self,
                                                         const char           *id);
void                  charter_window_restore_place      (CharterWindow        *self);
void                  charter_window_follow_link        (CharterWindow        *self,
                                                         const char           *uri);

CharterBookmarkStore *charter_window_get_default_bookmarks (void);
void                  charter_window_set_bookmarks         (CharterWindow        *self,
                                                            CharterBookmarkStore *store);

gboolean              charter_window_export_bookmarks      (CharterWindow        *self,
                                                            GFile                *file,
                                                            const char           *format,
                                                            GError              **error);
int                   charter_window_import_bookmarks      (CharterWindow        *self,
                                                            GFile                *file,
                                                            GError              **error);

G_END_DECLS
