"""Members administration (admins: invite, roles and managed workspaces, deactivate and
reactivate, erase, search) and a member's onboarding (language, home workspace and mail
preferences on one page, after the first login or an accepted invitation).

The pages and the API; the use cases they call belong to accounts (``invitations``,
``administration``, ``erasure``, ``queries.search_members``) and notifications (mail
preferences). This package sits above both, so its onboarding page can set them in one form."""
