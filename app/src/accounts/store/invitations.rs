//! Enterprise membership with the citizen's consent: an enterprise invites a
//! citizen by user name, the citizen is told in their inbox and accepts or
//! declines in their space; only an accepted invitation makes them a member
//! (`enterprise_member`). The enterprise's answer is the same whether the
//! name has an account or not, so inviting confirms no user name. Also the
//! holder's notice of a registration tried with their ID number.

use crate::{
    accounts::{InvitationView, Me, Role, Username},
    error::AppError,
    notifications::{
        store::{send, Outgoing},
        Kind, Params,
    },
};
use sqlx::PgPool;

/// An enterprise invites the citizen with this user name to act for it.
/// Nothing happens (and nothing tells) when the name is no citizen's or the
/// citizen is already a member or already invited; a declined invitation is
/// sent again. The invitation is told to the citizen in their inbox.
pub async fn invite(pool: &PgPool, enterprise: &Me, citizen: &Username) -> Result<(), AppError> {
    if enterprise.role != Role::Enterprise {
        return Err(AppError::Forbidden);
    }
    let mut tx = pool.begin().await?;
    let sent: Option<(i64, String)> = sqlx::query_as(
        "insert into enterprise_invitation as i (enterprise_id, citizen_id)
         select $1, c.account_id from citizen c join account a on a.id = c.account_id
         where a.username = $2
           and not exists (select 1 from enterprise_member m
                           where m.enterprise_id = $1 and m.citizen_id = c.account_id)
         on conflict (enterprise_id, citizen_id) do update
             set status = 'pending', sent_at = now(), answered_at = null
             where i.status = 'declined'
         returning citizen_id, (select name from enterprise where account_id = $1)",
    )
    .bind(enterprise.id)
    .bind(citizen.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((citizen_id, name)) = sent {
        let params = Params {
            enterprise: name,
            ..Params::default()
        };
        let out = Outgoing {
            recipient: citizen_id,
            kind: Kind::EnterpriseInvitation,
            params: &params,
            link: Some("/me#invitations-h".into()),
            alert_id: None,
        };
        send(&mut tx, &out, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The citizen's pending invitations, newest first.
pub async fn pending(pool: &PgPool, citizen: &Me) -> Result<Vec<InvitationView>, AppError> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "select i.id, e.name, e.credit_code,
                to_char(i.sent_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
         from enterprise_invitation i join enterprise e on e.account_id = i.enterprise_id
         where i.citizen_id = $1 and i.status = 'pending'
         order by i.sent_at desc, i.id desc",
    )
    .bind(citizen.id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, enterprise, credit_code, sent_at)| InvitationView {
            id,
            enterprise,
            credit_code,
            sent_at,
        })
        .collect())
}

/// The citizen accepts (becoming a member) or declines a pending invitation
/// of theirs; anyone else's, an answered one or none is `NotFound`.
pub async fn answer(pool: &PgPool, citizen: &Me, id: i64, accept: bool) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let enterprise: Option<i64> = sqlx::query_scalar(
        "update enterprise_invitation set status = $3, answered_at = now()
         where id = $1 and citizen_id = $2 and status = 'pending'
         returning enterprise_id",
    )
    .bind(id)
    .bind(citizen.id)
    .bind(if accept { "accepted" } else { "declined" })
    .fetch_optional(&mut *tx)
    .await?;
    let enterprise = enterprise.ok_or(AppError::NotFound)?;
    if accept {
        sqlx::query(
            "insert into enterprise_member (enterprise_id, citizen_id) values ($1, $2)
             on conflict do nothing",
        )
        .bind(enterprise)
        .bind(citizen.id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Tells the holder of an ID number that someone tried to register an
/// account with it (nothing was created).
pub async fn tell_registration_tried(pool: &PgPool, holder: i64) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let params = Params::default();
    let out = Outgoing {
        recipient: holder,
        kind: Kind::RegistrationTried,
        params: &params,
        link: Some("/me".into()),
        alert_id: None,
    };
    send(&mut tx, &out, None).await?;
    tx.commit().await?;
    Ok(())
}
