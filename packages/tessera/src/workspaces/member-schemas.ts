import { Type } from 'typebox';
import { Email, IdOf, Name, Nullable, StringEnum, Timestamp, WorkspaceRef } from '../http/common-schemas.js';
import { RoleName } from './workspace-schemas.js';

const MemberKind = StringEnum(['human', 'service'], { description: 'human, or service for a service account' });

const memberFields = {
  user_id: Type.String(),
  kind: MemberKind,
  email: Nullable(Type.String()),
  name: Type.String(),
  role: RoleName,
  pending: Type.Boolean({ description: 'Invited and has not accepted yet (no password set).' }),
  created_at: Timestamp,
};

/** Response allow-list: never a password hash. */
export const Member = Type.Object(memberFields, { $id: 'Member' });

export const MemberAdded = Type.Object({
  ...memberFields,
  invitation: Type.Optional(Type.Object({
    code: Type.String({ description: 'One-time invitation code: give it to the invitee (POST /v1/invitations/accept). Shown once.' }),
    expires_at: Timestamp,
  })),
});

export const MemberParams = Type.Object({ workspace: WorkspaceRef, user_id: IdOf('usr') });
export const ListMembersQuery = Type.Object({ kind: Type.Optional(MemberKind) }, { additionalProperties: false });
export const AddMemberBody = Type.Object({ email: Email, role: RoleName }, { additionalProperties: false });
export const UpdateMemberBody = Type.Object({ role: RoleName }, { additionalProperties: false });
export const CreateServiceAccountBody = Type.Object({ name: Name, role: RoleName }, { additionalProperties: false });
