//! Who may do what: staff roles, device kinds and the permissions the HTTP layer checks.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Reception,
    IdTeam,
    SocialWorker,
    Manager,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Reception,
        Role::IdTeam,
        Role::SocialWorker,
        Role::Manager,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reception => "reception",
            Role::IdTeam => "id_team",
            Role::SocialWorker => "social_worker",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviceKind {
    Kiosk,
    Display,
}

impl DeviceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Kiosk => "kiosk",
            DeviceKind::Display => "display",
        }
    }

    pub fn parse(s: &str) -> Option<DeviceKind> {
        match s {
            "kiosk" => Some(DeviceKind::Kiosk),
            "display" => Some(DeviceKind::Display),
            _ => None,
        }
    }
}

/// Who is making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Staff {
        id: i64,
        name: String,
        roles: Vec<Role>,
    },
    Device {
        id: i64,
        kind: DeviceKind,
        location_id: i64,
    },
}

/// What a request wants to do; [`Principal::may`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Take a ticket for a service (kiosk or desk).
    IssueTicket,
    /// Call, recall, start, finish, transfer, mark no-show.
    WorkDesk,
    /// List desks and staff.
    ReadDesks,
    /// Read statistics and the dashboard.
    ReadStats,
    /// Manage configuration, devices and accounts.
    Administer,
    /// Record ID-team triage outcomes and print referral slips.
    Triage,
    /// Read the register of help requests.
    ReadRegister,
    /// Listen to live updates.
    Listen,
    /// Close a service now and reopen it (staff ill, a fault): reception and managers.
    CloseService,
    /// Set social workers' weekly hours and the services they take appointments for:
    /// managers (who plan the team) and admins.
    ManageAvailability,
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        matches!(self, Principal::Staff { roles, .. } if roles.contains(&role))
    }

    fn is_desk_worker(&self) -> bool {
        [
            Role::Reception,
            Role::IdTeam,
            Role::SocialWorker,
            Role::Admin,
        ]
        .into_iter()
        .any(|r| self.has_role(r))
    }

    pub fn may(&self, p: Permission) -> bool {
        match (self, p) {
            (_, Permission::Listen) => true,
            (Principal::Device { kind, .. }, Permission::IssueTicket) => *kind == DeviceKind::Kiosk,
            (Principal::Device { .. }, _) => false,
            (Principal::Staff { .. }, Permission::IssueTicket | Permission::WorkDesk) => {
                self.is_desk_worker()
            }
            (Principal::Staff { .. }, Permission::ReadDesks) => true,
            (Principal::Staff { .. }, Permission::ReadStats) => {
                self.has_role(Role::Manager) || self.has_role(Role::Admin)
            }
            (Principal::Staff { .. }, Permission::Administer) => self.has_role(Role::Admin),
            (Principal::Staff { .. }, Permission::Triage) => {
                self.has_role(Role::IdTeam) || self.has_role(Role::Admin)
            }
            (Principal::Staff { .. }, Permission::CloseService) => {
                self.has_role(Role::Reception)
                    || self.has_role(Role::Manager)
                    || self.has_role(Role::Admin)
            }
            (Principal::Staff { .. }, Permission::ManageAvailability) => {
                self.has_role(Role::Manager) || self.has_role(Role::Admin)
            }
            // The register is the social service's: desk staff and managers, not only admins.
            (Principal::Staff { .. }, Permission::ReadRegister) => true,
        }
    }

    pub fn staff_id(&self) -> Option<i64> {
        match self {
            Principal::Staff { id, .. } => Some(*id),
            Principal::Device { .. } => None,
        }
    }

    pub fn device_id(&self) -> Option<i64> {
        match self {
            Principal::Device { id, .. } => Some(*id),
            Principal::Staff { .. } => None,
        }
    }
}

/// Roles as an account stores them: comma-separated names; unknown names are left out.
pub fn parse_roles(s: &str) -> Vec<Role> {
    s.split(',').filter_map(|r| Role::parse(r.trim())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(roles: &[Role]) -> Principal {
        Principal::Staff {
            id: 1,
            name: "x".into(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn devices_are_narrow() {
        let kiosk = Principal::Device {
            id: 1,
            kind: DeviceKind::Kiosk,
            location_id: 1,
        };
        let display = Principal::Device {
            id: 2,
            kind: DeviceKind::Display,
            location_id: 1,
        };
        assert!(kiosk.may(Permission::IssueTicket));
        assert!(!kiosk.may(Permission::WorkDesk));
        assert!(!display.may(Permission::IssueTicket));
        assert!(display.may(Permission::Listen));
        assert!(!display.may(Permission::ReadDesks));
    }

    #[test]
    fn staff_roles() {
        assert!(staff(&[Role::Reception]).may(Permission::WorkDesk));
        assert!(!staff(&[Role::Reception]).may(Permission::ReadStats));
        assert!(!staff(&[Role::Manager]).may(Permission::WorkDesk));
        assert!(staff(&[Role::Manager]).may(Permission::ReadStats));
        assert!(staff(&[Role::Admin]).may(Permission::Administer));
        assert!(!staff(&[Role::SocialWorker]).may(Permission::Administer));
        for r in [Role::Reception, Role::Manager, Role::Admin] {
            assert!(staff(&[r]).may(Permission::CloseService), "{r}");
        }
        for r in [Role::SocialWorker, Role::IdTeam] {
            assert!(!staff(&[r]).may(Permission::CloseService), "{r}");
        }
    }
}
