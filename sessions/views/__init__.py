"""The guided session's pages, by who asks: the account holder's phone (`owner`,
`start`, `live`), the joined phone (`joined`); `respond` is the one path every step write
and panel takes."""
