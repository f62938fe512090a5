//! Departments (部门), their units (处室/科室) and posts (岗位).

use super::{codes::DeptCode, item::Bilingual};
use crate::regions::RegionCode;
use serde::{Deserialize, Serialize};

/// A unit of a department, with the posts that handle cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub name: Bilingual,
    pub posts: Vec<Bilingual>,
}

/// A department of a region's government.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub region: RegionCode,
    pub code: DeptCode,
    pub name: Bilingual,
    pub units: Vec<Unit>,
}

impl Department {
    /// The unit with this Chinese name, added (without posts) when missing.
    pub fn unit_mut(&mut self, name: &Bilingual) -> &mut Unit {
        let i = match self.units.iter().position(|u| u.name.zh == name.zh) {
            Some(i) => i,
            None => {
                self.units.push(Unit {
                    name: name.clone(),
                    posts: Vec::new(),
                });
                self.units.len() - 1
            }
        };
        &mut self.units[i]
    }
}
