curl "https://api.vinr.com/v1/customers?sort=created" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
