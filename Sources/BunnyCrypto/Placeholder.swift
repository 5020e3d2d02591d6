enum BunnyCryptoPlaceholder {}
