//! Appointments in the database: booking, moving, cancelling, no-shows, the day list and a
//! staff member's calendar, free slots, kiosk check-in, the iCalendar feed and the purge of
//! contact details.
//!
//! Every change is one write transaction on the appointment's location
//! ([`Store::begin_write`]): the overlap check and the insert run under the location's lock
//! and the database's lock together, so two receptionists booking the same slot at the same
//! moment get one booking and one `slot_taken`, on SQLite and on PostgreSQL, even across
//! processes. (A social worker working at two locations is checked per location only.)
//!
//! Check-in issues the visitor's ticket in the same transaction that marks the appointment
//! `arrived`, and publishes it as an `issued` event (channel `appointment`, with the
//! appointment id in the event data), so the social worker's desk app sees it at once. From
//! then on the appointment's state follows its ticket ([`follow_ticket`]).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use onthaal_wire::{
    AppointmentView, Channel, Contact, DeskRef, InvalidContact, Lang, Slot, Ticket, TicketState,
};
use rand::Rng;
use serde::Serialize;
use sqlx::AnyConnection;

use crate::config::Config;
pub(crate) use crate::db::appointments::AppointmentRow;
use crate::db::tickets::{position, ticket_by_id, waiting_counts};
use crate::db::{appointments, locations, services, staff};
use crate::db::{from_ms, ms, Result, StoreError, Tx};
use crate::domain::appointment_access::{AppointmentAccess, AppointmentOwner};
use crate::domain::appointments::{
    booking_code, check_bookable, check_handles_service, check_in_rule, free_slots,
    handles_service, local_instant, normalize_code, AppointmentState, Availability,
    BookingSettings, CheckIn, SlotQuery, Taker, TeamBooking, TeamMember, Teams,
};
use crate::domain::events::EventKind;
use crate::domain::numbering::local_day;
use crate::domain::roles::{Principal, Role};
use crate::engine::batching::{Arrival, IssueRequest};
use crate::engine::hub::Change;
use crate::engine::state::{LocationState, ServiceRow};
use crate::engine::{Store, WriteTx};

/// Contact details that cannot be a name, phone number or e-mail address are refused.
impl From<InvalidContact> for StoreError {
    fn from(InvalidContact(message): InvalidContact) -> StoreError {
        StoreError::Rejected {
            code: "invalid_contact",
            message: message.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewAppointment {
    pub location_id: i64,
    pub service: String,
    pub staff: Option<i64>,
    pub desk: Option<i64>,
    pub start: DateTime<Utc>,
    pub duration_min: i64,
    pub contact: Contact,
    pub lang: Lang,
    pub created_by: Option<i64>,
}

impl AppointmentRow {
    /// Whose it is and for which service, for [`AppointmentAccess`].
    fn owner<'a>(&self, st: &'a LocationState) -> AppointmentOwner<'a> {
        AppointmentOwner {
            staff: self.staff_id,
            service: st.service(self.service_id).map_or("", |s| s.key.as_str()),
        }
    }

    /// Refuses a caller who may not reach this appointment (see [`AppointmentAccess`]).
    fn check_reach(&self, access: &AppointmentAccess, st: &LocationState) -> Result<()> {
        if access.reaches(self.owner(st)) {
            Ok(())
        } else {
            Err(StoreError::Forbidden(
                "see or change the appointment of another social worker's client",
            ))
        }
    }

    pub(crate) fn view(&self, st: &LocationState) -> AppointmentView {
        let local = |v: i64| from_ms(v).with_timezone(&st.tz).fixed_offset();
        let service = st.service(self.service_id);
        AppointmentView {
            id: self.id,
            code: self.code.clone(),
            service: service.map(|s| s.key.clone()).unwrap_or_default(),
            service_name: service.map(|s| s.name().to_string()).unwrap_or_default(),
            staff: self.staff_id,
            staff_name: self.staff_name.clone(),
            desk: desk_ref(st, self.desk_id),
            start: local(self.start_at),
            end: local(self.end_at),
            duration_min: (self.end_at - self.start_at) / 60_000,
            state: self.state.as_str().to_string(),
            channel: self.channel.clone(),
            lang: self.lang,
            contact: (!self.contact.is_empty()).then(|| self.contact.clone()),
            ticket_id: self.ticket_id,
            ticket_number: self.ticket_number.clone(),
            created_at: local(self.created_at),
            arrived_at: self.arrived_at.map(local),
            manage_token: self.manage_token.clone(),
        }
    }
}

/// A fresh manage token: 24 random letters and digits (about 143 bits), the only key of the
/// citizen's link `{public_url}/book/{manage_token}` (read, cancel, move; no account).
pub fn manage_token() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..24)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Inserts a booked appointment with a fresh booking code and manage token (inside the
/// caller's write transaction, after its checks). Returns the new id.
pub(crate) async fn insert(w: &mut WriteTx, a: &Insert<'_>, now: DateTime<Utc>) -> Result<i64> {
    // A collision of two random codes is rare; the UNIQUE column is the final guard.
    let mut code = String::new();
    for _ in 0..10 {
        let candidate = booking_code(&mut rand::thread_rng());
        if !appointments::code_taken(&mut w.tx, &candidate).await? {
            code = candidate;
            break;
        }
    }
    if code.is_empty() {
        return Err(StoreError::Corrupt("no free booking code found".into()));
    }
    appointments::insert(&mut w.tx, a, &code, &manage_token(), ms(now)).await
}

pub fn desk_ref(st: &LocationState, id: Option<i64>) -> Option<DeskRef> {
    let d = st.desk(id?)?;
    Some(DeskRef {
        id: d.id,
        name: d.name.clone(),
    })
}

/// A configuration's appointment settings into the database; `staff`: the accounts' plans too.
pub(crate) async fn sync_config(tx: &mut Tx, cfg: &Config, with_staff: bool) -> Result<()> {
    for l in &cfg.locations {
        let loc_id = locations::id_by_key(tx, &l.key).await?;
        locations::set_appointment_settings(tx, loc_id, &json(&l.appointments)).await?;
        for s in &l.services {
            let b = BookingSettings {
                bookable: s.bookable,
                slot_min: s.slot_min,
            };
            services::set_booking(tx, loc_id, &s.key, &json(&b)).await?;
        }
    }
    for s in cfg.staff.iter().filter(|_| with_staff) {
        // The weekly hours stay beside the account; the absences go to their own table.
        let weekly = Availability {
            absences: Vec::new(),
            ..s.availability.clone()
        };
        staff::set_plan(tx, &s.username, &json(&weekly), &json(&s.services)).await?;
        crate::usecases::absences::load_file_absences(tx, &s.username, &s.availability.absences)
            .await?;
    }
    Ok(())
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("settings serialise")
}

pub(crate) use crate::db::locations::appointment_settings as settings;
pub(crate) use crate::db::services::booking;

/// An active staff member's availability and the service keys they take appointments for
/// (none: every service), or `unknown_staff`.
pub(crate) async fn bookable_staff(
    conn: &mut AnyConnection,
    staff_id: i64,
) -> Result<(Availability, Vec<String>)> {
    staff::plan_of_active(conn, staff_id)
        .await?
        .ok_or_else(|| StoreError::Rejected {
            code: "unknown_staff",
            message: format!("there is no staff member {staff_id}"),
        })
}

/// A day in ms: a team appointment lasts at most 8 hours, so one overlapping a booking lies
/// within a day of it.
const DAY_MS: i64 = 86_400_000;

pub(crate) use crate::db::appointments::{booked_between, Insert};

/// Who can take a booking of a service, as read for it: see [`Taker`].
pub(crate) enum Takers {
    Person(Availability),
    Team {
        teams: Teams,
        /// The service's team: its social workers among `teams.members`.
        team: Vec<usize>,
    },
}

impl Takers {
    pub(crate) fn taker(&self) -> Taker<'_> {
        match self {
            Takers::Person(a) => Taker::Person(a),
            Takers::Team { teams, team } => Taker::team(teams, team),
        }
    }
}

/// The social workers who take team appointments (with the services each is linked to), their
/// own appointments and every team appointment within a day of `[from, to)` (ms; `except`: an
/// appointment being moved, which frees its own place). A team appointment lasts at most 8
/// hours, so those overlapping the window, and all they overlap, lie within a day of it.
async fn read_teams(
    conn: &mut AnyConnection,
    (from, to): (i64, i64),
    except: Option<i64>,
    tz: chrono_tz::Tz,
) -> Result<(Vec<i64>, Vec<Vec<String>>, Teams)> {
    let (mut ids, mut services, mut teams) = (Vec::new(), Vec::new(), Teams::default());
    for p in staff::active_plans(conn).await? {
        if p.is(Role::SocialWorker) {
            ids.push(p.id);
            services.push(p.services()?);
            teams.members.push(TeamMember {
                availability: p.availability()?,
                busy: Vec::new(),
            });
        }
    }
    if teams.members.is_empty() {
        return Ok((ids, services, teams));
    }
    for b in booked_between(conn, from - DAY_MS, to + DAY_MS, except).await? {
        match b.staff_id {
            Some(staff) => {
                if let Some(i) = ids.iter().position(|id| *id == staff) {
                    teams.members[i].busy.push(b.at);
                }
            }
            None => {
                let team = team_of(&services, &b.service_key);
                // A service nobody is linked to has no team to weigh.
                if !team.is_empty() {
                    teams.booked.extend(TeamBooking::new(b.at, team, tz));
                }
            }
        }
    }
    Ok((ids, services, teams))
}

/// A service's team: the social workers linked to it, by their place in `services`.
fn team_of(services: &[Vec<String>], key: &str) -> Vec<usize> {
    (0..services.len())
        .filter(|&i| handles_service(&services[i], key))
        .collect()
}

/// Who can take a booking, a move or the free slots of a service between `from` and `to` (ms):
/// the staff member named (after the check that they take appointments for it), or else the
/// service's team — its active social workers, as the desk app offers them — weighed with
/// every team they are in (see [`read_teams`]).
pub(crate) async fn takers(
    conn: &mut AnyConnection,
    staff_id: Option<i64>,
    service: &str,
    window: (i64, i64),
    except: Option<i64>,
    tz: chrono_tz::Tz,
) -> Result<Takers> {
    if let Some(id) = staff_id {
        let (availability, services) = bookable_staff(conn, id).await?;
        check_handles_service(&services, service).map_err(unbookable)?;
        return Ok(Takers::Person(availability));
    }
    let (_, services, teams) = read_teams(conn, window, except, tz).await?;
    let team = team_of(&services, service);
    Ok(Takers::Team { teams, team })
}

/// The team appointments around `[from, to)` (ms) and the social workers who may take them
/// (see [`read_teams`]), to check a social worker's own booking against.
pub(crate) async fn teams_around(
    conn: &mut AnyConnection,
    window: (i64, i64),
    except: Option<i64>,
    tz: chrono_tz::Tz,
) -> Result<TeamsAround> {
    let (ids, _, teams) = read_teams(conn, window, except, tz).await?;
    Ok(TeamsAround { ids, teams })
}

/// See [`teams_around`].
pub(crate) struct TeamsAround {
    /// The social workers' staff ids, in the order of `teams.members`.
    ids: Vec<i64>,
    teams: Teams,
}

impl TeamsAround {
    /// Whether booking `staff` in person at `at` (ms) leaves the team appointments then as many
    /// social workers as they had (see [`Teams::spare`]); true for someone in no team.
    pub(crate) fn spares(&self, staff: i64, at: (i64, i64)) -> bool {
        self.ids
            .iter()
            .position(|id| *id == staff)
            .is_none_or(|me| self.teams.spare(me, at))
    }
}

pub(crate) use crate::db::appointments::by_id as row_by_id;

/// Keeps an appointment's state in step with its ticket (called from the ticket actions,
/// inside their transaction). A ticket without an appointment changes nothing.
pub(crate) async fn follow_ticket(
    w: &mut WriteTx,
    t: &crate::db::tickets::TicketRow,
    to: TicketState,
) -> Result<()> {
    // Only a check-in's ticket has an appointment: a walk-in's change costs no statement here.
    if t.channel != Channel::Appointment {
        return Ok(());
    }
    appointments::set_state_of_ticket(&mut w.tx, t.id, AppointmentState::for_ticket(to)).await
}

pub(crate) fn unbookable(u: crate::domain::appointments::Unbookable) -> StoreError {
    use crate::domain::appointments::Unbookable;
    match u {
        // Taken meanwhile, like a social worker's own slot: a conflict, not a bad request.
        Unbookable::TeamFull => StoreError::Conflict {
            code: u.code(),
            message: u.message().to_string(),
        },
        _ => StoreError::Rejected {
            code: u.code(),
            message: u.message().to_string(),
        },
    }
}

/// The outcome of a check-in.
pub struct CheckedIn {
    pub ticket: Ticket,
    /// False when the code had already been used: the same ticket again.
    pub created: bool,
    pub appointment_id: i64,
}

/// A check-in refusal in the visitor's language: the kiosk shows it as it is. The text is the
/// catalogue's `check-in-<code>` message (`i18n/<lang>.ftl`).
fn refuse(code: &'static str, lang: Lang, args: &[(&str, &str)]) -> StoreError {
    let id = format!("check-in-{}", code.replace('_', "-"));
    StoreError::Rejected {
        code,
        message: onthaal_i18n::format(lang.code(), &id, args),
    }
}

impl Store {
    /// Publishes an appointment event that has no ticket (booked, moved, cancelled): desks
    /// get an `update` frame with the event kind so their day lists refresh; displays get the
    /// same `seq` with nothing personal in it.
    pub(crate) async fn publish_appointment_event(
        &self,
        mut w: WriteTx,
        a: &AppointmentRow,
        kind: EventKind,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // What the statistics fold needs to count the appointment from the log alone: how it
        // was booked, its slot and its social worker (ids and times, nothing personal).
        let data = serde_json::json!({
            "appointment_id": a.id,
            "channel": a.channel,
            "start_at": a.start_at,
            "staff": a.staff_id,
        });
        Store::write_event(
            &mut w,
            a.location_id,
            None,
            kind,
            now,
            Some(a.service_id),
            a.desk_id,
            staff_id,
            None,
            Some(data.to_string()),
        )
        .await?;
        let counts = waiting_counts(&mut w.tx, a.location_id).await?;
        let change = Change {
            location_id: a.location_id,
            seq: w.state.seq,
            event: kind.as_str().to_string(),
            ticket: None,
            call: None,
            device: None,
            services: w.state.service_infos(&counts, now),
        };
        self.commit_and_publish(w, Some(change)).await
    }

    /// Refuses a booking that overlaps another one of the same staff member or room.
    pub(crate) async fn check_free(
        w: &mut WriteTx,
        staff: Option<i64>,
        desk: Option<i64>,
        start: i64,
        end: i64,
        except: Option<i64>,
    ) -> Result<()> {
        let taken =
            appointments::first_overlap(&mut w.tx, staff, desk, (start, end), except).await?;
        if let Some(taken_by) = taken {
            let same_staff = staff.is_some() && taken_by == staff;
            return Err(StoreError::Conflict {
                code: "slot_taken",
                message: if same_staff {
                    "the social worker already has an appointment at that time".into()
                } else {
                    "the room is already booked at that time".into()
                },
            });
        }
        Ok(())
    }

    /// Refuses a slot of `duration_min` from `start` that the service's hours, the staff member
    /// (or the service's team, without one), the room or the teams cannot give (`except`: the
    /// appointment being moved, which frees its own place). Returns the slot in ms.
    pub(crate) async fn check_slot(
        w: &mut WriteTx,
        svc: &ServiceRow,
        (staff, desk): (Option<i64>, Option<i64>),
        start: DateTime<Utc>,
        duration_min: i64,
        except: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<(i64, i64)> {
        // `check_bookable` refuses a length outside 5..=480 minutes below; bounded here first so
        // that an absurd one (minutes past what a time can hold) is refused, not a panic.
        let (s, e) = (
            ms(start),
            ms(start + Duration::minutes(duration_min.clamp(0, 24 * 60))),
        );
        let avail = takers(&mut w.tx, staff, &svc.key, (s, e), except, w.state.tz).await?;
        check_bookable(
            &svc.schedule,
            avail.taker(),
            w.state.tz,
            start,
            duration_min,
            now,
        )
        .map_err(unbookable)?;
        Self::check_free(w, staff, desk, s, e, except).await?;
        if let Some(staff) = staff {
            Self::check_teams_keep_up(w, staff, (s, e), except).await?;
        }
        Ok((s, e))
    }

    /// A social worker booked in person at `at` (ms; `except`: the appointment being moved) must
    /// leave each team of theirs with one of the team for every team appointment then.
    async fn check_teams_keep_up(
        w: &mut WriteTx,
        staff: i64,
        at: (i64, i64),
        except: Option<i64>,
    ) -> Result<()> {
        let teams = teams_around(&mut w.tx, at, except, w.state.tz).await?;
        if !teams.spares(staff, at) {
            return Err(StoreError::Conflict {
                code: "slot_taken",
                message: "the social worker is needed then for an appointment of their team".into(),
            });
        }
        Ok(())
    }

    /// Books an appointment: validates the social worker's link to the service, the time against
    /// opening hours, holidays, the social worker's availability and absences, and other
    /// bookings, all in one transaction.
    ///
    /// A caller books only what they may reach afterwards: a social worker with themselves or
    /// with a team they are in (see [`AppointmentAccess`]).
    pub async fn book_appointment(
        &self,
        access: &AppointmentAccess,
        req: NewAppointment,
        now: DateTime<Utc>,
    ) -> Result<AppointmentView> {
        let contact = req.contact.clone().cleaned()?;
        let mut w = self.begin_write(req.location_id, now).await?;
        let svc = w
            .state
            .service_by_key(&req.service)
            .cloned()
            .ok_or_else(|| StoreError::Rejected {
                code: "unknown_service",
                message: format!("there is no service \"{}\" here", req.service),
            })?;
        if !access.reaches(AppointmentOwner {
            staff: req.staff,
            service: &svc.key,
        }) {
            // Nothing written: the live state stays as memory knows it.
            w.end_unwritten();
            return Err(StoreError::Forbidden(
                "book with another social worker, or with a team one is not in",
            ));
        }
        if let Some(d) = req.desk {
            if w.state.desk(d).is_none() {
                return Err(StoreError::Rejected {
                    code: "unknown_desk",
                    message: format!("there is no desk or room {d} here"),
                });
            }
        }
        let (start, end) = Self::check_slot(
            &mut w,
            &svc,
            (req.staff, req.desk),
            req.start,
            req.duration_min,
            None,
            now,
        )
        .await?;
        let day = local_day(req.start, w.state.tz)
            .format("%Y-%m-%d")
            .to_string();
        let id = insert(
            &mut w,
            &Insert {
                location_id: req.location_id,
                service_id: svc.id,
                staff: req.staff,
                desk: req.desk,
                start,
                end,
                day: &day,
                contact: &contact,
                lang: req.lang,
                created_by: req.created_by,
                channel: "desk",
            },
            now,
        )
        .await?;
        let a = row_by_id(&mut w.tx, id).await?;
        let view = a.view(&w.state);
        self.publish_appointment_event(w, &a, EventKind::AppointmentBooked, req.created_by, now)
            .await?;
        Ok(view)
    }

    /// What a staff member or device reaches of appointments (see [`AppointmentAccess`]): a
    /// social worker's team services are read from their account.
    pub async fn appointment_access(&self, caller: &Principal) -> Result<AppointmentAccess> {
        let services = match AppointmentAccess::needs_team_services(caller) {
            Some(staff_id) => {
                match staff::services_of(&self.pool, staff_id).await? {
                    Some(services) => services,
                    // Gone meanwhile: their own appointments still, no team's.
                    None => {
                        return Ok(AppointmentAccess::Own {
                            staff_id,
                            team_services: None,
                        })
                    }
                }
            }
            None => Vec::new(),
        };
        Ok(AppointmentAccess::of(caller, &services))
    }

    /// One appointment, for a caller who may reach it.
    pub async fn appointment(
        &self,
        access: &AppointmentAccess,
        id: i64,
    ) -> Result<AppointmentView> {
        let mut conn = self.pool.acquire().await?;
        let a = row_by_id(&mut conn, id).await?;
        let st = self.location_state(a.location_id).await?;
        a.check_reach(access, &st)?;
        Ok(a.view(&st))
    }

    /// The location of an appointment the caller may change, read before its write begins: a
    /// refused caller never begins a write. Whose an appointment is and its service never
    /// change (a move keeps both), so the answer still holds inside the write.
    async fn reachable_location(&self, access: &AppointmentAccess, id: i64) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        let a = row_by_id(&mut conn, id).await?;
        let st = self.location_state(a.location_id).await?;
        a.check_reach(access, &st)?;
        Ok(a.location_id)
    }

    /// A write on a booked appointment the caller may change, with the appointment; refused
    /// (`invalid_transition`) once it is no longer booked: it cannot then be `done`.
    async fn booked_to_change(
        &self,
        access: &AppointmentAccess,
        id: i64,
        done: &str,
        now: DateTime<Utc>,
    ) -> Result<(WriteTx, AppointmentRow)> {
        let location_id = self.reachable_location(access, id).await?;
        let mut w = self.begin_write(location_id, now).await?;
        let a = row_by_id(&mut w.tx, id).await?;
        if a.state != AppointmentState::Booked {
            return Err(StoreError::Conflict {
                code: "invalid_transition",
                message: format!(
                    "an appointment that is {} cannot be {done}",
                    a.state.as_str().replace('_', "-"),
                ),
            });
        }
        Ok((w, a))
    }

    pub async fn location_of_appointment(&self, id: i64) -> Result<i64> {
        appointments::location_of(&self.pool, id).await
    }

    /// Cancel (`cancelled`) or record a no-show (`no_show`) of a booked appointment. Once the
    /// visitor checked in, the ticket is what staff act on.
    pub async fn end_appointment(
        &self,
        access: &AppointmentAccess,
        id: i64,
        to: AppointmentState,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<AppointmentView> {
        debug_assert!(matches!(
            to,
            AppointmentState::Cancelled | AppointmentState::NoShow
        ));
        let done = if to == AppointmentState::Cancelled {
            "cancelled"
        } else {
            "marked as no-show"
        };
        let (mut w, a) = self.booked_to_change(access, id, done, now).await?;
        if to == AppointmentState::NoShow && ms(now) < a.start_at {
            return Err(StoreError::Conflict {
                code: "not_started",
                message: "the appointment has not started yet".into(),
            });
        }
        let cancelled_at = (to == AppointmentState::Cancelled).then_some(ms(now));
        appointments::set_ended(&mut w.tx, id, to, cancelled_at).await?;
        let a = row_by_id(&mut w.tx, id).await?;
        let view = a.view(&w.state);
        let kind = match to {
            AppointmentState::Cancelled => EventKind::AppointmentCancelled,
            _ => EventKind::AppointmentNoShow,
        };
        self.publish_appointment_event(w, &a, kind, staff_id, now)
            .await?;
        Ok(view)
    }

    /// Moves a booked appointment to another start (same duration, staff member and room),
    /// with the same checks as a new booking, the staff member's link to the service included.
    /// The code stays valid.
    pub async fn move_appointment(
        &self,
        access: &AppointmentAccess,
        id: i64,
        start: DateTime<Utc>,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<AppointmentView> {
        let (mut w, a) = self.booked_to_change(access, id, "moved", now).await?;
        let svc = w
            .state
            .service(a.service_id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt("appointment of an inactive service".into()))?;
        // The same social worker, as long as they still take appointments for the service (the
        // configuration may have changed since the booking).
        let duration = (a.end_at - a.start_at) / 60_000;
        let (s, e) = Self::check_slot(
            &mut w,
            &svc,
            (a.staff_id, a.desk_id),
            start,
            duration,
            Some(id),
            now,
        )
        .await?;
        let day = local_day(start, w.state.tz).format("%Y-%m-%d").to_string();
        appointments::set_time(&mut w.tx, id, (s, e), &day).await?;
        let a = row_by_id(&mut w.tx, id).await?;
        let view = a.view(&w.state);
        self.publish_appointment_event(w, &a, EventKind::AppointmentMoved, staff_id, now)
            .await?;
        Ok(view)
    }

    /// A location's appointments on a local date (optionally one staff member's), by start:
    /// those the caller reaches.
    pub async fn appointments_on(
        &self,
        access: &AppointmentAccess,
        location_id: i64,
        date: NaiveDate,
        staff: Option<i64>,
    ) -> Result<Vec<AppointmentView>> {
        let st = self.location_state(location_id).await?;
        let day = date.format("%Y-%m-%d").to_string();
        let rows = appointments::on_day(&self.pool, location_id, &day, staff).await?;
        let mut out = Vec::with_capacity(rows.len());
        for a in rows {
            if access.reaches(a.owner(&st)) {
                out.push(a.view(&st));
            }
        }
        Ok(out)
    }

    /// A staff member's appointments in `[from, to)` (all locations), by start, for a caller who
    /// may read that calendar.
    pub async fn staff_calendar(
        &self,
        access: &AppointmentAccess,
        staff_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<AppointmentView>> {
        if !access.reaches_calendar_of(staff_id) {
            return Err(StoreError::Forbidden(
                "read another social worker's calendar",
            ));
        }
        self.calendar_of(staff_id, from, to).await
    }

    /// [`Store::staff_calendar`] without a caller: for the feed, whose secret is the key.
    async fn calendar_of(
        &self,
        staff_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<AppointmentView>> {
        let rows = appointments::of_staff_between(&self.pool, staff_id, ms(from), ms(to)).await?;
        let mut out = Vec::with_capacity(rows.len());
        for a in rows {
            let st = self.location_state(a.location_id).await?;
            out.push(a.view(&st));
        }
        Ok(out)
    }

    /// Free slots of a service (with a staff member and/or room) over local dates.
    #[allow(clippy::too_many_arguments)]
    pub async fn free_slots(
        &self,
        location_id: i64,
        service: &str,
        staff: Option<i64>,
        desk: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
        duration_min: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Slot>> {
        let st = self.location_state(location_id).await?;
        let svc = st
            .service_by_key(service)
            .ok_or_else(|| StoreError::Rejected {
                code: "unknown_service",
                message: format!("there is no service \"{service}\" here"),
            })?;
        let mut conn = self.pool.acquire().await?;
        let b = booking(&mut conn, svc.id).await?;
        let lo = local_instant(from, 0, st.tz).unwrap_or(now);
        let hi = local_instant(to, 1440, st.tz).unwrap_or(now);
        let avail = takers(&mut conn, staff, &svc.key, (ms(lo), ms(hi)), None, st.tz).await?;
        let busy = appointments::busy_between(&mut conn, staff, desk, ms(lo), ms(hi)).await?;
        let q = SlotQuery {
            schedule: &svc.schedule,
            taker: avail.taker(),
            tz: st.tz,
            slot_min: b.slot_min,
            duration_min: duration_min.unwrap_or(b.slot_min),
            from,
            to,
            busy: &busy,
            now,
        };
        // A social worker's free time is not free while a team of theirs needs them.
        let teams = match staff {
            Some(id) => Some((
                id,
                teams_around(&mut conn, (ms(lo), ms(hi)), None, st.tz).await?,
            )),
            None => None,
        };
        Ok(free_slots(&q)
            .into_iter()
            .filter(|(a, b)| {
                teams
                    .as_ref()
                    .is_none_or(|(id, t)| t.spares(*id, (ms(*a), ms(*b))))
            })
            .map(|slot| Slot::local(slot, st.tz))
            .collect())
    }

    /// Kiosk (or desk) check-in with a booking code: the appointment's ticket in the
    /// location's appointment queue, waiting for the social worker (or the room), ordered by
    /// its slot start. The same code again returns the same ticket.
    #[allow(clippy::too_many_arguments)]
    pub async fn check_in(
        &self,
        location_id: i64,
        raw_code: &str,
        lang: Option<Lang>,
        device_id: Option<i64>,
        staff_id: Option<i64>,
        idempotency_key: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<CheckedIn> {
        let visitor_lang = lang.unwrap_or_default();
        let unknown = || refuse("unknown_code", visitor_lang, &[]);
        let code = normalize_code(raw_code).ok_or_else(unknown)?;
        let mut w = self.begin_write(location_id, now).await?;
        let a = appointments::by_code(&mut w.tx, &code, location_id)
            .await?
            .ok_or_else(unknown)?;
        let lang = lang.unwrap_or(a.lang);
        let settings = settings(&mut w.tx, location_id).await?;
        let tz = w.state.tz;
        let local = |t: DateTime<Utc>| t.with_timezone(&tz);
        match check_in_rule(
            a.state,
            from_ms(a.start_at),
            now,
            tz,
            settings.check_in_early_min,
            settings.check_in_late_min,
        ) {
            CheckIn::Ok => {}
            CheckIn::Again => {
                let ticket_id = a
                    .ticket_id
                    .ok_or_else(|| StoreError::Corrupt("arrived without a ticket".into()))?;
                let t = ticket_by_id(&mut w.tx, ticket_id).await?;
                let pos = position(&mut w.tx, &t).await?;
                let ticket = t.to_wire(&w.state, pos, now);
                w.end_unwritten();
                return Ok(CheckedIn {
                    ticket,
                    created: false,
                    appointment_id: a.id,
                });
            }
            CheckIn::TooEarly { come_back_at } => {
                let at = local(come_back_at).format("%H:%M");
                return Err(refuse("too_early", lang, &[("time", &at.to_string())]));
            }
            CheckIn::TooLate => {
                return Err(refuse("too_late", lang, &[]));
            }
            CheckIn::NotToday { date } => {
                let d = date.format("%d/%m/%Y");
                let at = local(from_ms(a.start_at)).format("%H:%M");
                return Err(refuse(
                    "not_today",
                    lang,
                    &[("date", &d.to_string()), ("time", &at.to_string())],
                ));
            }
            CheckIn::Cancelled => {
                return Err(refuse("cancelled", lang, &[]));
            }
            CheckIn::AlreadyServed => {
                return Err(refuse("already_served", lang, &[]));
            }
        }
        let svc = settings
            .appointment_service
            .as_deref()
            .and_then(|k| w.state.service_by_key(k))
            .cloned()
            .ok_or_else(|| StoreError::Rejected {
                code: "no_appointment_queue",
                message: "this location has no appointment queue; go to the reception desk".into(),
            })?;
        // The ticket is issued as every ticket is (see `issue.rs`), in this write.
        // A named social worker gets the visitor personally; a team appointment waits for its
        // room; with neither, any desk of the appointment queue's profile may call it.
        let (assigned_staff, assigned_desk) = match a.staff_id {
            Some(s) => (Some(s), None),
            None => (None, a.desk_id),
        };
        let req = IssueRequest {
            location_id,
            service: svc.key.clone(),
            lang,
            channel: Channel::Appointment,
            priority_reason: None,
            device_id,
            staff_id,
            idempotency_key: None,
            arrival: Some(Arrival {
                appointment_id: a.id,
                start_at: a.start_at,
                assigned_staff,
                assigned_desk,
                room: a.desk_id,
            }),
        };
        let (changes, mut answers) = self.issue_group(&mut w, &[&req], now).await?;
        let (ticket, _) = answers
            .pop()
            .unwrap_or_else(|| Err(StoreError::Corrupt("no answer for a check-in".into())))?;
        appointments::set_arrived(
            &mut w.tx,
            a.id,
            ticket.id,
            ms(now),
            device_id,
            idempotency_key,
        )
        .await?;
        self.commit_and_publish(w, changes).await?;
        Ok(CheckedIn {
            ticket,
            created: true,
            appointment_id: a.id,
        })
    }

    /// The room booked for an appointment, for the check-in answer.
    pub async fn appointment_room(&self, appointment_id: i64) -> Result<Option<DeskRef>> {
        let mut conn = self.pool.acquire().await?;
        let a = row_by_id(&mut conn, appointment_id).await?;
        let st = self.location_state(a.location_id).await?;
        Ok(desk_ref(&st, a.desk_id))
    }

    /// Erases contact details of appointments that ended more than the location's retention
    /// period ago. Returns how many appointments were purged.
    pub async fn purge_appointment_contacts(&self, now: DateTime<Utc>) -> Result<u64> {
        let ids = self.location_ids();
        let mut purged = 0;
        for location_id in ids {
            let mut conn = self.pool.acquire().await?;
            let days = settings(&mut conn, location_id).await?.retention_days;
            let before = ms(now - Duration::days(days));
            purged += appointments::purge_contacts(&mut conn, location_id, before, ms(now)).await?;
        }
        Ok(purged)
    }

    /// The secret of a staff member's calendar feed, made on first request.
    pub async fn ical_token(&self, staff_id: i64) -> Result<String> {
        let known = staff::ical_token_of_active(&self.pool, staff_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("staff member {staff_id}")))?;
        if let Some(t) = known {
            return Ok(t);
        }
        // 32 hex characters = 128 random bits: not guessable, and it is the only credential
        // of the feed (calendar programs cannot send a bearer token).
        let token: String = {
            let mut rng = rand::thread_rng();
            (0..16)
                .map(|_| format!("{:02x}", rng.gen::<u8>()))
                .collect()
        };
        // Two first requests at once: both read back the one that won.
        let t = staff::keep_ical_token(&self.pool, staff_id, &token).await?;
        t.ok_or_else(|| StoreError::Corrupt("ical token not stored".into()))
    }

    /// What the iCalendar feed for a secret shows (see `http/ical.rs`): the staff member's name
    /// and appointments from 30 days ago to a year ahead.
    pub async fn ical_feed(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(String, Vec<AppointmentView>)>> {
        let Some((staff_id, name)) = staff::by_ical_token(&self.pool, token).await? else {
            return Ok(None);
        };
        let list = self
            .calendar_of(
                staff_id,
                now - Duration::days(30),
                now + Duration::days(366),
            )
            .await?;
        Ok(Some((name, list)))
    }
}
