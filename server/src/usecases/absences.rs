//! A social worker's absences (afwezig melden): recording one in the app, with what becomes of
//! the booked appointments it touches; ending it early or removing it; and reading them.
//!
//! Reception, managers and admins record absences; a social worker reads their own. Recording
//! one is a write transaction per location of the appointments it touches: the absence is
//! written first, so the team checks already leave the absent social worker out, then each
//! appointment is moved to the colleague chosen (who must be free the whole time: the same
//! checks as a booking, so a busy colleague is a 409), to the team, or cancelled. If one of
//! them cannot be done nothing of that location is written. The appointments a staff member
//! chose for must be exactly those the absence touches: one booked meanwhile is a 409, and
//! the desk app asks again.
//!
//! The absences of the configuration file's `absent` are written to the same table at every
//! configuration load ([`load_file_absences`]), marked `configuration`; the app does not change
//! those (they would come back at the next load): the file does.
//!
//! Every change is in the audit log (the location's event log) with who made it and the
//! absence and appointments before and after.

use chrono::{DateTime, NaiveDate, Utc};
use onthaal_wire::{
    Absence as AbsenceView, AbsencePreview, Colleague, NewAbsence, TouchedAppointment,
};
use serde_json::json;

use crate::db::absences::{self, AbsenceRow, FROM_APP, FROM_CONFIGURATION};
use crate::db::appointments::{self as appointment_rows, AppointmentRow};
use crate::db::{from_ms, ms, staff, Result, StoreError, Tx};
use crate::domain::absences::{check_dates, MAX_TEXT};
use crate::domain::appointments::{Absence, AppointmentState};
use crate::domain::events::EventKind;
use crate::domain::roles::{Principal, Role};
use crate::engine::{Store, WriteTx};
use crate::usecases::appointments::row_by_id;
use crate::usecases::rejected;

/// Writes a staff member's `absent` entries of the configuration file to the absences table
/// (inside the configuration's transaction), so that booking reads one table and an export
/// can write them back. Those recorded in the app are left alone.
pub(crate) async fn load_file_absences(
    tx: &mut Tx,
    username: &str,
    file: &[Absence],
) -> Result<()> {
    absences::replace_from_configuration(tx, username, file, ms(Utc::now())).await
}

/// Who may record, end and remove absences, and read everyone's.
fn plans_absences(caller: &Principal) -> bool {
    [Role::Reception, Role::Manager, Role::Admin]
        .into_iter()
        .any(|r| caller.has_role(r))
}

/// What was done to one appointment the absence touched.
pub struct AbsenceMove {
    pub location_id: i64,
    /// `colleague`, `team` or `cancel`.
    pub action: &'static str,
    pub reason: Option<String>,
    pub before: AppointmentRow,
    pub after: AppointmentRow,
}

/// A recorded absence and what it did to its appointments.
pub struct RecordedAbsence {
    pub absence: AbsenceView,
    pub moves: Vec<AbsenceMove>,
}

/// One checked action of a recording.
enum Act {
    Colleague(i64),
    Team,
    Cancel(String),
}

impl Store {
    /// The local date today at the first location (absences are days of the municipality).
    async fn today(&self, now: DateTime<Utc>) -> Result<NaiveDate> {
        let first = self.location_ids().first().copied();
        let tz = match first {
            Some(id) => self.location_state(id).await?.tz,
            None => chrono_tz::Europe::Brussels,
        };
        Ok(now.with_timezone(&tz).date_naive())
    }

    /// A social worker's name, or `unknown_staff` for one who is not an active social worker.
    async fn social_worker_name(&self, conn: &mut sqlx::AnyConnection, id: i64) -> Result<String> {
        staff::active_plans(conn)
            .await?
            .into_iter()
            .find(|p| p.id == id && p.is(Role::SocialWorker))
            .map(|p| p.name)
            .ok_or_else(|| {
                rejected(
                    "unknown_staff",
                    format!("there is no active social worker {id}"),
                )
            })
    }

    /// An absence for the wire.
    fn absence_view(a: &AbsenceRow) -> AbsenceView {
        AbsenceView {
            id: a.id,
            staff: a.staff_id,
            staff_name: a.staff_name.clone(),
            from: a.from,
            to: a.to,
            source: a.source.clone(),
            note: a.note.clone(),
            recorded_by: a.recorded_by_name.clone(),
            recorded_at: from_ms(a.recorded_at),
        }
    }

    /// Absences that end today or later: everyone's (or `staff`'s) for reception, managers and
    /// admins; a social worker reads only their own.
    pub async fn absences(
        &self,
        caller: &Principal,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Vec<AbsenceView>> {
        let staff_id = if plans_absences(caller) {
            staff_id
        } else if caller.has_role(Role::SocialWorker) {
            match (staff_id, caller.staff_id()) {
                (None, Some(me)) => Some(me),
                (Some(id), Some(me)) if id == me => Some(me),
                _ => {
                    return Err(StoreError::Forbidden(
                        "read another social worker's absences",
                    ))
                }
            }
        } else {
            return Err(StoreError::Forbidden("read absences"));
        };
        let today = self.today(now).await?;
        let mut conn = self.pool.acquire().await?;
        let rows = absences::ending_from(&mut conn, staff_id, today).await?;
        Ok(rows.iter().map(Self::absence_view).collect())
    }

    /// Checks a new absence's social worker, dates and note; returns the last day and the
    /// social worker's name.
    async fn check_new(
        &self,
        caller: &Principal,
        req: &NewAbsence,
        now: DateTime<Utc>,
    ) -> Result<(NaiveDate, String)> {
        if !plans_absences(caller) {
            return Err(StoreError::Forbidden("record absences"));
        }
        let to = req.to.unwrap_or(req.from);
        check_dates(req.from, to, self.today(now).await?)
            .map_err(|e| rejected(e.code(), e.message()))?;
        if req
            .note
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_TEXT)
        {
            return Err(rejected(
                "invalid_note",
                "keep the note under 200 characters",
            ));
        }
        let mut conn = self.pool.acquire().await?;
        let name = self.social_worker_name(&mut conn, req.staff).await?;
        Ok((to, name))
    }

    /// The booked appointments `from..=to` of `staff_id` that have not started, by location.
    async fn touched(
        &self,
        staff_id: i64,
        (from, to): (NaiveDate, NaiveDate),
        now: DateTime<Utc>,
    ) -> Result<Vec<(i64, Vec<AppointmentRow>)>> {
        let mut conn = self.pool.acquire().await?;
        let rows = appointment_rows::booked_of_staff_on_days(
            &mut conn,
            staff_id,
            (&absences::day(from), &absences::day(to)),
            ms(now),
        )
        .await?;
        let mut by_location: Vec<(i64, Vec<AppointmentRow>)> = Vec::new();
        for r in rows {
            match by_location.iter_mut().find(|(l, _)| *l == r.location_id) {
                Some((_, list)) => list.push(r),
                None => by_location.push((r.location_id, vec![r])),
            }
        }
        Ok(by_location)
    }

    /// Whether `staff` (a colleague, or `None`: the team) can take appointment `a` as it is
    /// booked, with the absence already written in `w`.
    async fn can_take(
        w: &mut WriteTx,
        a: &AppointmentRow,
        staff: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let svc = w
            .state
            .service(a.service_id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt("appointment of an inactive service".into()))?;
        Store::check_slot(
            w,
            &svc,
            (staff, a.desk_id),
            from_ms(a.start_at),
            (a.end_at - a.start_at) / 60_000,
            Some(a.id),
            now,
        )
        .await
        .map(|_| ())
    }

    /// What recording the absence would touch, and for each appointment the colleagues free
    /// the whole time and whether the team can take it. Nothing is written.
    pub async fn absence_preview(
        &self,
        caller: &Principal,
        req: &NewAbsence,
        now: DateTime<Utc>,
    ) -> Result<AbsencePreview> {
        let (to, _) = self.check_new(caller, req, now).await?;
        let colleagues: Vec<Colleague> = {
            let mut conn = self.pool.acquire().await?;
            staff::active_plans(&mut conn)
                .await?
                .into_iter()
                .filter(|p| p.is(Role::SocialWorker) && p.id != req.staff)
                .map(|p| Colleague {
                    id: p.id,
                    name: p.name,
                })
                .collect()
        };
        let mut touched = Vec::new();
        for (location_id, rows) in self.touched(req.staff, (req.from, to), now).await? {
            // The absence is written in a transaction that is never committed: the checks see
            // it as the recording will.
            let mut w = self.begin_write(location_id, now).await?;
            let staff_absence = Absence { from: req.from, to };
            absences::insert(
                &mut w.tx,
                req.staff,
                staff_absence,
                FROM_APP,
                None,
                None,
                ms(now),
            )
            .await?;
            for a in rows {
                let mut free = Vec::new();
                for c in &colleagues {
                    if Self::can_take(&mut w, &a, Some(c.id), now).await.is_ok() {
                        free.push(c.clone());
                    }
                }
                let team_free = Self::can_take(&mut w, &a, None, now).await.is_ok();
                touched.push(TouchedAppointment {
                    appointment: a.view(&w.state),
                    free_colleagues: free,
                    team_free,
                });
            }
            // Dropped without commit: the absence written above is rolled back.
            w.end_unwritten();
        }
        touched.sort_by_key(|t| (t.appointment.start, t.appointment.id));
        Ok(AbsencePreview {
            from: req.from,
            to,
            touched,
        })
    }

    /// Checks the actions against the appointments the absence touches: one for each, none
    /// for another.
    fn check_actions(
        req: &NewAbsence,
        touched: &[(i64, Vec<AppointmentRow>)],
    ) -> Result<Vec<(i64, Act)>> {
        let ids: Vec<i64> = touched
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|r| r.id))
            .collect();
        let mut acts = Vec::new();
        for a in &req.actions {
            if acts.iter().any(|(id, _)| *id == a.appointment) {
                return Err(rejected(
                    "invalid_action",
                    format!("appointment {} has two actions", a.appointment),
                ));
            }
            let act = match (a.action.as_str(), a.staff) {
                ("colleague", Some(s)) if s != req.staff => Act::Colleague(s),
                ("colleague", Some(_)) => {
                    return Err(rejected(
                        "invalid_action",
                        "an appointment cannot move to the absent social worker",
                    ))
                }
                ("colleague", None) => {
                    return Err(rejected("invalid_action", "name the colleague (\"staff\")"))
                }
                ("team", _) => Act::Team,
                ("cancel", _) => {
                    let reason = a.reason.as_deref().map(str::trim).unwrap_or("");
                    if reason.is_empty() || reason.chars().count() > MAX_TEXT {
                        return Err(rejected(
                            "invalid_reason",
                            "a cancellation needs a reason of at most 200 characters",
                        ));
                    }
                    Act::Cancel(reason.to_string())
                }
                (other, _) => {
                    return Err(rejected(
                        "invalid_action",
                        format!("\"{other}\" is not colleague, team or cancel"),
                    ))
                }
            };
            acts.push((a.appointment, act));
        }
        let mut chosen: Vec<i64> = acts.iter().map(|(id, _)| *id).collect();
        let mut wanted = ids.clone();
        chosen.sort_unstable();
        wanted.sort_unstable();
        if chosen != wanted {
            return Err(StoreError::Conflict {
                code: "appointments_changed",
                message: format!(
                    "the absence touches {} booked appointment(s); give one action for each (look again: one may have been booked or changed meanwhile)",
                    ids.len()
                ),
            });
        }
        Ok(acts)
    }

    /// Records an absence and does what was chosen for each appointment it touches (see the
    /// module's text). Returns the absence and the appointments before and after.
    pub async fn record_absence(
        &self,
        caller: &Principal,
        req: NewAbsence,
        now: DateTime<Utc>,
    ) -> Result<RecordedAbsence> {
        let (to, staff_name) = self.check_new(caller, &req, now).await?;
        let touched = self.touched(req.staff, (req.from, to), now).await?;
        let mut acts = Self::check_actions(&req, &touched)?;
        let by = caller.staff_id();
        let note = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let names: Vec<(i64, String)> = {
            let mut conn = self.pool.acquire().await?;
            staff::active_plans(&mut conn)
                .await?
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect()
        };
        let name_of = |id: Option<i64>| {
            id.and_then(|id| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()))
        };
        let locations: Vec<i64> = if touched.is_empty() {
            self.location_ids().into_iter().take(1).collect()
        } else {
            touched.iter().map(|(l, _)| *l).collect()
        };
        let mut absence_id = None;
        let mut moves = Vec::new();
        for location_id in locations {
            let mut w = self.begin_write(location_id, now).await?;
            let mut changes = Vec::new();
            let first = absence_id.is_none();
            if first {
                let id = absences::insert(
                    &mut w.tx,
                    req.staff,
                    Absence { from: req.from, to },
                    FROM_APP,
                    note,
                    by,
                    ms(now),
                )
                .await?;
                absence_id = Some(id);
            }
            let rows = touched
                .iter()
                .find(|(l, _)| *l == location_id)
                .map(|(_, r)| r.as_slice())
                .unwrap_or_default();
            let mut done_here = Vec::new();
            for before in rows {
                // Re-read under the lock: still booked with the absent social worker.
                let a = row_by_id(&mut w.tx, before.id).await?;
                if a.state != AppointmentState::Booked || a.staff_id != Some(req.staff) {
                    return Err(StoreError::Conflict {
                        code: "appointments_changed",
                        message: format!("appointment {} changed meanwhile; look again", a.id),
                    });
                }
                let i = acts
                    .iter()
                    .position(|(id, _)| *id == a.id)
                    .expect("checked: one action per appointment");
                let (_, act) = acts.swap_remove(i);
                let (kind, action, reason) = match act {
                    Act::Colleague(c) => {
                        Self::can_take(&mut w, &a, Some(c), now).await?;
                        appointment_rows::set_staff(&mut w.tx, a.id, Some(c)).await?;
                        (EventKind::AppointmentMoved, "colleague", None)
                    }
                    Act::Team => {
                        Self::can_take(&mut w, &a, None, now).await?;
                        appointment_rows::set_staff(&mut w.tx, a.id, None).await?;
                        (EventKind::AppointmentMoved, "team", None)
                    }
                    Act::Cancel(reason) => {
                        appointment_rows::set_ended(
                            &mut w.tx,
                            a.id,
                            AppointmentState::Cancelled,
                            Some(ms(now)),
                        )
                        .await?;
                        (EventKind::AppointmentCancelled, "cancel", Some(reason))
                    }
                };
                let after = row_by_id(&mut w.tx, a.id).await?;
                // The statistics fold reads `channel`, `start_at` and `staff` as for any move;
                // the rest is the audit trail.
                let data = json!({
                    "appointment_id": a.id,
                    "channel": a.channel,
                    "start_at": a.start_at,
                    "staff": after.staff_id,
                    "absence_id": absence_id,
                    "action": action,
                    "reason": reason,
                    "before": {"staff": a.staff_id, "staff_name": a.staff_name, "state": a.state.as_str()},
                    "after": {"staff": after.staff_id, "staff_name": name_of(after.staff_id), "state": after.state.as_str()},
                });
                changes.push(
                    self.plain_event_at_desk(
                        &mut w,
                        None,
                        kind,
                        Some(a.service_id),
                        a.desk_id,
                        by,
                        data,
                        now,
                    )
                    .await?,
                );
                done_here.push(AbsenceMove {
                    location_id,
                    action,
                    reason,
                    before: a,
                    after,
                });
            }
            if first {
                let data = json!({
                    "absence_id": absence_id,
                    "staff": req.staff,
                    "staff_name": staff_name,
                    "before": null,
                    "after": {"from": req.from, "to": to, "note": note},
                    "by": name_of(by),
                    "appointments": done_here.iter().map(|m| json!({
                        "id": m.after.id, "action": m.action,
                        "staff_after": m.after.staff_id,
                    })).collect::<Vec<_>>(),
                });
                changes.push(
                    self.plain_event_at_desk(
                        &mut w,
                        None,
                        EventKind::AbsenceRecorded,
                        None,
                        None,
                        by,
                        data,
                        now,
                    )
                    .await?,
                );
            }
            self.commit_and_publish(w, changes).await?;
            moves.extend(done_here);
        }
        let id =
            absence_id.ok_or_else(|| StoreError::Corrupt("no location to record in".into()))?;
        let mut conn = self.pool.acquire().await?;
        let row = absences::by_id(&mut conn, id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("recorded absence gone".into()))?;
        Ok(RecordedAbsence {
            absence: Self::absence_view(&row),
            moves,
        })
    }

    /// An absence recorded in the app, for a caller who may change it.
    async fn changeable(&self, caller: &Principal, id: i64) -> Result<AbsenceRow> {
        if !plans_absences(caller) {
            return Err(StoreError::Forbidden("change absences"));
        }
        let mut conn = self.pool.acquire().await?;
        let a = absences::by_id(&mut conn, id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("absence {id}")))?;
        if a.source == FROM_CONFIGURATION {
            return Err(StoreError::Conflict {
                code: "in_configuration_file",
                message: "this absence is in the configuration file's \"absent\"; change it there"
                    .into(),
            });
        }
        Ok(a)
    }

    /// Ends an absence early: its last day becomes `to` (from its first day to its current
    /// last day; a longer absence is a new one, so its appointments are looked at).
    pub async fn end_absence(
        &self,
        caller: &Principal,
        id: i64,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<AbsenceView> {
        let before = self.changeable(caller, id).await?;
        if to < before.from || to > before.to {
            return Err(rejected(
                "invalid_dates",
                format!(
                    "the new last day must lie between {} and {} (to make it longer, record a new absence)",
                    before.from, before.to
                ),
            ));
        }
        self.change_absence(caller, &before, Some(to), now).await?;
        let mut conn = self.pool.acquire().await?;
        let after = absences::by_id(&mut conn, id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("absence {id}")))?;
        Ok(Self::absence_view(&after))
    }

    /// Removes an absence (recorded by mistake): the social worker is bookable again.
    pub async fn remove_absence(
        &self,
        caller: &Principal,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let before = self.changeable(caller, id).await?;
        self.change_absence(caller, &before, None, now).await
    }

    /// Writes a new last day (`Some`) or removes the absence (`None`), with the audit entry,
    /// in the first location's log (an absence belongs to no one location).
    async fn change_absence(
        &self,
        caller: &Principal,
        before: &AbsenceRow,
        to: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let location_id = self
            .location_ids()
            .first()
            .copied()
            .ok_or_else(|| StoreError::Corrupt("no location".into()))?;
        let mut w = self.begin_write(location_id, now).await?;
        let by = caller.staff_id();
        let (kind, after) = match to {
            Some(to) => {
                absences::set_to(&mut w.tx, before.id, to).await?;
                (
                    EventKind::AbsenceChanged,
                    json!({"from": before.from, "to": to, "note": before.note}),
                )
            }
            None => {
                absences::delete(&mut w.tx, before.id).await?;
                (EventKind::AbsenceRemoved, serde_json::Value::Null)
            }
        };
        let data = json!({
            "absence_id": before.id,
            "staff": before.staff_id,
            "before": {"from": before.from, "to": before.to, "note": before.note},
            "after": after,
        });
        let change = self
            .plain_event_at_desk(&mut w, None, kind, None, None, by, data, now)
            .await?;
        self.commit_and_publish(w, Some(change)).await
    }
}
