enum BunnyServerPlaceholder {}
