curl -X POST https://api.vinr.com/v1/payment_methods/pm_4xK7/detach \
  -H "X-Api-Key: $VINR_SECRET_KEY"
